package io.reprise.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.stereotype.Component;

/**
 * Marks a Spring bean as an Activity implementation, to be registered into the workers that
 * poll the given Task Queues.
 *
 * <p>The annotated class implements one or more {@code @ActivityInterface} types. The annotation
 * is a {@link Component @Component}, so component scanning picks the class up; a {@code @Bean}
 * method returning it works too. The bean is shared by every Activity Task the workers run, so
 * it must be safe for concurrent use. The workers call the bean Spring hands out, proxy included,
 * so {@code @Transactional} and other advice apply; discovery looks through the proxy to the
 * implementation class for the annotation and the activity interfaces.
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
@Component
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
