package io.reprise.internal.replay;

import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import java.util.function.Supplier;

/**
 * A registered workflow implementation: its type and how to create one instance per execution.
 */
public record WorkflowDefinition(String workflowType, WorkflowInterfaceMetadata metadata, Class<?> implementationClass,
        Supplier<Object> factory) {
}
