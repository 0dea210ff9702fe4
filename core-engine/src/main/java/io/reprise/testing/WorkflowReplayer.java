package io.reprise.testing;

import io.reprise.client.WorkflowHistory;
import io.reprise.common.DataConverter;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import io.reprise.internal.replay.WorkflowDefinition;
import io.reprise.internal.replay.WorkflowRun;
import io.reprise.worker.NonDeterministicException;
import io.reprise.worker.WorkflowImplementationOptions;
import io.reprise.worker.WorkflowPanicPolicy;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Replays a recorded history against the current workflow code, to check before deploying that
 * a code change keeps running executions deterministic. Activities are not executed: their
 * recorded results are returned.
 *
 * <pre>{@code
 * WorkflowReplayer.replayWorkflowExecution(Path.of("order-42.json"), OrderWorkflowImpl.class);
 * }</pre>
 */
public final class WorkflowReplayer {

    private WorkflowReplayer() {
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
        WorkflowDefinition definition = definitionFor(history.workflowType(), options, implementations);
        // A history exported without its Run Id is taken for the first run of its chain.
        String runId = history.runId() != null ? history.runId() : history.events().get(0)
                .attributes(io.reprise.engine.api.EventAttributes.WorkflowExecutionStarted.class).firstExecutionRunId();
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

    /** Replays a history exported with {@link WorkflowHistory#toJson()}. */
    public static void replayWorkflowExecution(String json, Class<?>... implementations) {
        replayWorkflowExecution(WorkflowHistory.fromJson(json), implementations);
    }

    /** Replays a history file exported with {@link WorkflowHistory#toJson()}. */
    public static void replayWorkflowExecution(Path jsonFile, Class<?>... implementations) throws IOException {
        replayWorkflowExecution(Files.readString(jsonFile), implementations);
    }

    private static boolean isClosed(WorkflowHistory history) {
        return history.events().get(history.events().size() - 1).eventType().isClose();
    }

    private static WorkflowDefinition definitionFor(String workflowType, WorkflowImplementationOptions options,
            Class<?>... implementations) {
        StringBuilder known = new StringBuilder();
        for (Class<?> impl : implementations) {
            for (WorkflowInterfaceMetadata m : WorkflowInterfaceMetadata.implementedBy(impl)) {
                if (m.workflowType().equals(workflowType)) {
                    return new WorkflowDefinition(workflowType, m, impl, factory(impl), options);
                }
                known.append(known.isEmpty() ? "" : ", ").append(m.workflowType());
            }
        }
        throw new IllegalArgumentException("None of the given classes implements Workflow Type \"" + workflowType
                + "\" (they implement: [" + known + "]); pass the implementation of the recorded workflow");
    }

    private static java.util.function.Supplier<Object> factory(Class<?> impl) {
        try {
            Constructor<?> c = impl.getDeclaredConstructor();
            c.setAccessible(true);
            return () -> {
                try {
                    return c.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot create " + impl.getName() + ": " + e, e);
                }
            };
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(impl.getName() + " needs a no-argument constructor to be replayed");
        }
    }
}
