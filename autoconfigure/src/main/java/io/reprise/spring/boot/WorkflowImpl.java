package io.reprise.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring bean as a Workflow implementation, to be registered into the workers that
 * poll the given Task Queues.
 *
 * <p>The annotated class implements one or more {@code @WorkflowInterface} types. Discovery
 * looks through Spring proxies, so the annotation belongs on the implementation class.
 *
 * <pre>{@code
 * @WorkflowImpl(taskQueues = "orders")
 * class OrderWorkflowImpl implements OrderWorkflow { ... }
 * }</pre>
 *
 * @see ActivityImpl
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WorkflowImpl {

    /**
     * Task Queues whose workers register this Workflow implementation. Each entry may be a
     * {@code ${...}} placeholder, resolved against the Spring environment.
     *
     * <p>Default: empty, which means the default Task Queue set by the
     * {@code reprise.default-task-queue} property.
     *
     * @return the Task Queue names or placeholders
     */
    String[] taskQueues() default {};
}
