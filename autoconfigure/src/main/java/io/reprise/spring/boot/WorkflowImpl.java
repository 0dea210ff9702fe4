package io.reprise.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.stereotype.Component;

/**
 * Marks a Spring bean as a Workflow implementation, to be registered into the workers that
 * poll the given Task Queues.
 *
 * <p>The annotated class implements one or more {@code @WorkflowInterface} types. The annotation
 * is a {@link Component @Component}, so component scanning picks the class up; a {@code @Bean}
 * method returning it works too. Every Workflow Execution gets a new instance: the bean is made
 * {@code prototype}-scoped whatever scope it declares, and its dependencies are injected into
 * each instance. Inject only deterministic collaborators (configuration values, pure functions);
 * anything that talks to the world belongs in an activity.
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
@Component
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
