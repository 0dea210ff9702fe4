package io.reprise.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.Payload;
import io.reprise.engine.Engine;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives an engine opened on a golden store the way a worker does, with hand-made commands (no workflow code), as
 * the generators of the golden stores did: in those stores each run's workflow task queue is its Workflow Id.
 */
public final class FixtureDriver {

    /** How long a poll waits for a task that must come (it may come from a timer or a delivery on another thread). */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WORKER = "fixture-worker";

    private final Engine engine;

    public FixtureDriver(Engine engine) {
        this.engine = engine;
    }

    /** The next workflow task of the run of {@code workflowId} (its queue is its Workflow Id). */
    public WorkflowTask poll(String namespace, String workflowId) {
        return poll(namespace, workflowId, false);
    }

    /** The next task on the queue of {@code workflowId}: a query task (an update's validation) or a workflow task. */
    public WorkflowTask poll(String namespace, String workflowId, boolean query) {
        Optional<WorkflowTask> task = engine.pollWorkflowTask(namespace, workflowId, WORKER, WAIT);
        assertThat(task).as("a task of %s/%s", namespace, workflowId).isPresent();
        assertThat(task.get().isQuery()).as("a query task of %s", workflowId).isEqualTo(query);
        return task.get();
    }

    /** Polls the next workflow task of {@code workflowId} and completes it with {@code commands}; returns it. */
    public WorkflowTask completeNext(String namespace, String workflowId, Command... commands) {
        WorkflowTask task = poll(namespace, workflowId);
        engine.completeWorkflowTask(task.taskToken(), List.of(commands), WORKER, null);
        return task;
    }

    /** Polls the next workflow task of {@code workflowId} and completes the run with {@code result}. */
    public WorkflowTask completeRun(String namespace, String workflowId, String result) {
        return completeNext(namespace, workflowId, new Command.CompleteWorkflowExecution(json(result)));
    }

    public ActivityTask pollActivity(String namespace, String queue) {
        Optional<ActivityTask> task = engine.pollActivityTask(namespace, queue, WORKER, WAIT);
        assertThat(task).as("an activity task on %s/%s", namespace, queue).isPresent();
        return task.get();
    }

    public void completeActivity(ActivityTask task, String result) {
        engine.completeActivityTask(task.taskToken(), json(result), WORKER);
    }

    /** The history of the latest run of {@code workflowId}. */
    public List<HistoryEvent> history(String namespace, String workflowId) {
        return engine.getHistory(namespace, workflowId, null);
    }

    public WorkflowExecutionStatus status(String namespace, String workflowId) {
        return engine.describeWorkflow(namespace, workflowId, null).info().status();
    }

    /** Waits (real time) until the latest run of {@code workflowId} has {@code types} in its history, repeats counted. */
    public List<HistoryEvent> awaitHistory(String namespace, String workflowId, EventType... types)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<HistoryEvent> history = history(namespace, workflowId);
            List<EventType> left = new ArrayList<>(history.stream().map(HistoryEvent::eventType).toList());
            boolean all = true;
            for (EventType type : types) {
                all &= left.remove(type);
            }
            if (all) {
                return history;
            }
            assertThat(System.nanoTime()).as("%s/%s has %s in %s", namespace, workflowId, List.of(types), history)
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** The events of {@code type} in {@code history}, in order. */
    public static List<HistoryEvent> events(List<HistoryEvent> history, EventType type) {
        return history.stream().filter(event -> event.eventType() == type).toList();
    }

    public static Payload json(String text) {
        return new Payload(Payload.ENCODING_JSON, text.getBytes(StandardCharsets.UTF_8));
    }

    public static String text(Payload payload) {
        return new String(payload.data(), StandardCharsets.UTF_8);
    }
}
