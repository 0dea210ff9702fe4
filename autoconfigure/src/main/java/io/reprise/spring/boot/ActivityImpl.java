package io.reprise.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring bean as an Activity implementation, to be registered into the workers that
 * poll the given Task Queues.
 *
 * <p>The annotated class implements one or more {@code @ActivityInterface} types. The bean is
 * shared by every Activity Task the workers run, so it must be safe for concurrent use.
 * Discovery looks through Spring proxies, so the annotation belongs on the implementation
 * class.
 *
 * <pre>{@code
 * @ActivityImpl(taskQueues = "${orders.task-queue}")
 * class PaymentActivitiesImpl implements PaymentActivities { ... }
 * }</pre>
 *
 * @see WorkflowImpl
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ActivityImpl {

    /**
     * Task Queues whose workers register this Activity implementation. Each entry may be a
     * {@code ${...}} placeholder, resolved against the Spring environment.
     *
     * <p>Default: empty, which means the default Task Queue set by the
     * {@code reprise.default-task-queue} property.
     *
     * @return the Task Queue names or placeholders
     */
    String[] taskQueues() default {};
}
