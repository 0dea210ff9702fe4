package io.reprise.spring.boot;

import io.reprise.client.WorkflowOptions;
import java.util.Objects;

/**
 * Makes {@link WorkflowOptions} preset with the application's defaults: the Task Queue
 * {@code reprise.default-task-queue} and the timeouts {@code reprise.workflow-defaults.*}.
 * The core has no defaults for WorkflowOptions, so code that wants the configured ones starts
 * its options here instead of {@code WorkflowOptions.newBuilder()}; whatever it sets on the
 * builder wins.
 *
 * <pre>{@code
 * WorkflowOptions options = optionsFactory.newBuilder().setWorkflowId("order-" + orderId).build();
 * OrderWorkflow order = client.newWorkflowStub(OrderWorkflow.class, options);
 * }</pre>
 */
public class RepriseWorkflowOptionsFactory {

    private final WorkflowOptions defaults;

    /** @param defaults the options every builder starts from (its Workflow Id is ignored) */
    public RepriseWorkflowOptionsFactory(WorkflowOptions defaults) {
        this.defaults = WorkflowOptions.newBuilder(Objects.requireNonNull(defaults, "defaults"))
                .setWorkflowId(null)
                .build();
    }

    /** A builder preset with the defaults; set at least the Workflow Id you want. */
    public WorkflowOptions.Builder newBuilder() {
        return WorkflowOptions.newBuilder(defaults);
    }

    /** The defaults: Task Queue and timeouts, any of which may be unset ({@code null}). */
    public WorkflowOptions getDefaults() {
        return defaults;
    }
}
