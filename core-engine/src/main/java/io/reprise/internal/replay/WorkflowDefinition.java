package io.reprise.internal.replay;

import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import io.reprise.worker.WorkflowImplementationOptions;
import java.util.function.Supplier;

/**
 * A registered workflow implementation: its type, how to create one instance per execution, and
 * the options (activity option defaults) its code runs with.
 */
public record WorkflowDefinition(String workflowType, WorkflowInterfaceMetadata metadata, Class<?> implementationClass,
        Supplier<Object> factory, WorkflowImplementationOptions options) {
}
