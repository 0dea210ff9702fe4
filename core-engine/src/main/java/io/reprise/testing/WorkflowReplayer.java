package io.reprise.testing;

import io.reprise.client.WorkflowHistory;
import io.reprise.common.DataConverter;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.internal.mapping.HistoryDocument;
import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import io.reprise.internal.replay.WorkflowDefinition;
import io.reprise.internal.replay.WorkflowInstances;
import io.reprise.internal.replay.WorkflowRun;
import io.reprise.worker.NonDeterministicException;
import io.reprise.worker.WorkflowImplementationOptions;
import io.reprise.worker.WorkflowPanicPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Replays a recorded history against the current workflow code, to check before deploying that
 * a code change keeps running executions deterministic. Activities are not executed: their
 * recorded results are returned.
 *
 * <p>For a class with a no-argument constructor and default options, the static methods do:
 * <pre>{@code
 * WorkflowReplayer.replayWorkflowExecution(Path.of("order-42.json"), OrderWorkflowImpl.class);
 * }</pre>
 * Code that relies on how its worker builds it (a factory with dependencies, activity options
 * registered with the implementation, a custom data converter) is replayed by a replayer
 * registered the same way as the worker:
 * <pre>{@code
 * WorkflowReplayer replayer = WorkflowReplayer.newBuilder()
 *         .setDataConverter(converter)
 *         .registerWorkflowImplementationFactory(OrderWorkflow.class, () -> new OrderWorkflowImpl(config), options)
 *         .build();
 * replayer.replay(Path.of("order-42.json"));
 * }</pre>
 * In a Spring Boot test, {@code @RepriseTest} injects one registered exactly as the application's
 * workers are.
 */
public final class WorkflowReplayer {

    private final DataConverter converter;
    /** By Workflow Type, in registration order. */
    private final Map<String, WorkflowDefinition> definitions;

    private WorkflowReplayer(Builder builder) {
        this.converter = builder.converter;
        this.definitions = Map.copyOf(builder.definitions);
    }

    /** A builder with the default data converter and nothing registered. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Replays {@code history} with the implementation registered for its Workflow Type.
     *
     * @throws NonDeterministicException when the code does not produce the recorded commands
     * @throws io.reprise.internal.replay.WorkflowTaskFailure when the code fails a workflow task it
     *     completed when it ran (an exception that is not a {@code RepriseFailure}, a workflow object
     *     that cannot be created, or a version of a {@code Workflow.getVersion} change the code no
     *     longer supports); its message gives the innermost cause
     * @throws IllegalArgumentException when no implementation of the history's Workflow Type is registered
     */
    public void replay(WorkflowHistory history) {
        Objects.requireNonNull(history, "history");
        WorkflowDefinition definition = definitions.get(history.workflowType());
        if (definition == null) {
            throw new IllegalArgumentException("No implementation of Workflow Type \"" + history.workflowType()
                    + "\" is registered with this replayer (registered: " + definitions.keySet().stream().sorted()
                    .toList() + "); register the implementation of the recorded workflow");
        }
        replay(history, definition, converter);
    }

    /** Replays a history exported with {@link WorkflowHistory#toJson()}. */
    public void replay(String json) {
        replay(WorkflowHistory.fromJson(json));
    }

    /** Replays a history file exported with {@link WorkflowHistory#toJson()}. */
    public void replay(Path jsonFile) throws IOException {
        replay(Files.readString(jsonFile));
    }

    /** The Workflow Types this replayer can replay. */
    public java.util.Set<String> getRegisteredWorkflowTypes() {
        return definitions.keySet();
    }

    /**
     * Replays {@code history} with whichever of {@code implementations} implements its Workflow Type.
     *
     * @throws NonDeterministicException when the code does not produce the recorded commands
     * @throws io.reprise.internal.replay.WorkflowTaskFailure when the code fails a workflow task it
     *     completed when it ran (an exception that is not a {@code RepriseFailure}, or a version of a
     *     {@code Workflow.getVersion} change the code no longer supports); its cause says why
     * @throws IllegalArgumentException when no implementation has the history's Workflow Type
     */
    public static void replayWorkflowExecution(WorkflowHistory history, Class<?>... implementations) {
        replayWorkflowExecution(history, DataConverter.getDefaultInstance(), implementations);
    }

    /** Like {@link #replayWorkflowExecution(WorkflowHistory, Class[])} with a custom data converter. */
    public static void replayWorkflowExecution(WorkflowHistory history, DataConverter converter,
            Class<?>... implementations) {
        replayWorkflowExecution(history, converter, WorkflowImplementationOptions.getDefaultInstance(),
                implementations);
    }

    /**
     * Like {@link #replayWorkflowExecution(WorkflowHistory, Class[])} for code that relies on the
     * activity options registered with its implementation.
     */
    public static void replayWorkflowExecution(WorkflowHistory history, DataConverter converter,
            WorkflowImplementationOptions options, Class<?>... implementations) {
        replay(history, definitionFor(history.workflowType(), options, implementations), converter);
    }

    /** Replays a history exported with {@link WorkflowHistory#toJson()}. */
    public static void replayWorkflowExecution(String json, Class<?>... implementations) {
        replayWorkflowExecution(WorkflowHistory.fromJson(json), implementations);
    }

    /** Replays a history file exported with {@link WorkflowHistory#toJson()}. */
    public static void replayWorkflowExecution(Path jsonFile, Class<?>... implementations) throws IOException {
        replayWorkflowExecution(Files.readString(jsonFile), implementations);
    }

    private static void replay(WorkflowHistory exported, WorkflowDefinition definition, DataConverter converter) {
        // The engine's events behind the public view.
        HistoryDocument history = HistoryDocument.of(exported);
        // A history exported without its Run Id is taken for the first run of its chain.
        String runId = history.runId() != null ? history.runId() : history.events().get(0)
                .attributes(EventAttributes.WorkflowExecutionStarted.class).firstExecutionRunId();
        WorkflowRun run = new WorkflowRun("replay", new WorkflowExecution(history.workflowId(), runId), definition,
                converter, WorkflowPanicPolicy.FAIL_WORKFLOW_TASK, Duration.ofSeconds(1), Integer.MAX_VALUE, false);
        try {
            onVirtualThread(() -> {
                run.processWorkflowTask(history.events());
                if (isClosed(history)) {
                    run.checkFullyMatched(history.events());
                }
            });
        } finally {
            run.close();
        }
    }

    /**
     * Runs the replay on a virtual thread, as a worker does: the workflow's own threads are virtual,
     * and handing control back and forth between virtual threads stays on the scheduler's carriers
     * instead of waking a platform thread (on a virtual machine with idle CPUs, each wake-up costs
     * tens of microseconds, which made replay several times slower).
     */
    private static void onVirtualThread(Runnable replay) {
        if (Thread.currentThread().isVirtual()) {
            replay.run();
            return;
        }
        Throwable[] failure = new Throwable[1];
        Thread thread = Thread.ofVirtual().name("workflow-replayer").start(() -> {
            try {
                replay.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        try {
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while replaying", e);
        }
        if (failure[0] instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure[0] instanceof Error error) {
            throw error;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
    }

    private static boolean isClosed(HistoryDocument history) {
        return history.events().get(history.events().size() - 1).eventType().isClose();
    }

    private static WorkflowDefinition definitionFor(String workflowType, WorkflowImplementationOptions options,
            Class<?>... implementations) {
        StringBuilder known = new StringBuilder();
        for (Class<?> impl : implementations) {
            for (WorkflowInterfaceMetadata m : WorkflowInterfaceMetadata.implementedBy(impl)) {
                if (m.workflowType().equals(workflowType)) {
                    return new WorkflowDefinition(workflowType, m, impl, noArgumentConstructor(impl), options);
                }
                known.append(known.isEmpty() ? "" : ", ").append(m.workflowType());
            }
        }
        throw new IllegalArgumentException("None of the given classes implements Workflow Type \"" + workflowType
                + "\" (they implement: [" + known + "]); pass the implementation of the recorded workflow");
    }

    private static Supplier<Object> noArgumentConstructor(Class<?> impl) {
        return WorkflowInstances.noArgumentConstructor(impl, "replay it with a replayer given its factory: "
                + "WorkflowReplayer.newBuilder().registerWorkflowImplementationFactory(...), or in a Spring Boot "
                + "test the WorkflowReplayer that @RepriseTest injects");
    }

    /** Registers implementations as a worker does; every setting is optional. */
    public static final class Builder {
        private DataConverter converter = DataConverter.getDefaultInstance();
        private final Map<String, WorkflowDefinition> definitions = new LinkedHashMap<>();

        private Builder() {
        }

        /** The data converter the workers use; default {@link DataConverter#getDefaultInstance()}. */
        public Builder setDataConverter(DataConverter converter) {
            this.converter = Objects.requireNonNull(converter, "converter");
            return this;
        }

        /** Registers classes created with their no-argument constructor, with default options. */
        public Builder registerWorkflowImplementationTypes(Class<?>... implementations) {
            return registerWorkflowImplementationTypes(WorkflowImplementationOptions.getDefaultInstance(),
                    implementations);
        }

        /** Registers classes created with their no-argument constructor, with {@code options}. */
        public Builder registerWorkflowImplementationTypes(WorkflowImplementationOptions options,
                Class<?>... implementations) {
            for (Class<?> implementation : implementations) {
                List<WorkflowInterfaceMetadata> interfaces = WorkflowInterfaceMetadata.implementedBy(implementation);
                if (interfaces.isEmpty()) {
                    throw new IllegalArgumentException("Class " + implementation.getName() + " implements no "
                            + "interface annotated with @WorkflowInterface; pass a workflow implementation");
                }
                Supplier<Object> factory = noArgumentConstructor(implementation);
                for (WorkflowInterfaceMetadata m : interfaces) {
                    add(new WorkflowDefinition(m.workflowType(), m, implementation, factory, options));
                }
            }
            return this;
        }

        /**
         * Registers a factory making a new workflow object per replay, with {@code options}, as
         * {@code Worker.registerWorkflowImplementationFactory} does.
         */
        public <T> Builder registerWorkflowImplementationFactory(Class<T> workflowInterface,
                Supplier<? extends T> factory, WorkflowImplementationOptions options) {
            Objects.requireNonNull(factory, "factory");
            WorkflowInterfaceMetadata m = WorkflowInterfaceMetadata.forInterface(workflowInterface);
            Supplier<Object> untyped = factory::get;
            add(new WorkflowDefinition(m.workflowType(), m, workflowInterface, untyped,
                    options == null ? WorkflowImplementationOptions.getDefaultInstance() : options));
            return this;
        }

        private void add(WorkflowDefinition definition) {
            WorkflowDefinition existing = definitions.putIfAbsent(definition.workflowType(), definition);
            if (existing != null) {
                throw new IllegalArgumentException("Workflow Type \"" + definition.workflowType()
                        + "\" is already registered with this replayer by " + existing.implementationClass().getName()
                        + "; register each type once");
            }
        }

        public WorkflowReplayer build() {
            return new WorkflowReplayer(this);
        }
    }
}
