package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.Payload;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.matching.TaskQueueId;
import io.reprise.engine.matching.TaskQueueKind;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.timer.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Drives an {@link Engine} directly, as a worker would, with hand-made commands and a manual
 * clock. Every test of every subclass runs once on each {@link StoreKind}: the in-memory test double,
 * SQLite on a file and PostgreSQL.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(StoreKind.class)
abstract class EngineTestBase {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String NS = "default";
    static final String QUEUE = "orders";
    /** For polls that must return a task: long, since the task may come from a timer on another thread. */
    static final Duration WAIT = Duration.ofSeconds(5);
    /** For polls that must come back empty. */
    static final Duration EMPTY_WAIT = Duration.ofMillis(50);

    final ManualClock clock = new ManualClock(T0);
    @Parameter
    StoreKind storeKind;
    @TempDir
    Path storeDirectory;
    /** The store the engine uses, wrapped so that a test can make its commits fail. */
    FaultInjectingStore store;
    Engine engine;
    /** What {@link #store} wraps. */
    private ExecutionStore opened;

    @BeforeEach
    void setUpEngine() {
        opened = storeKind.open(storeDirectory);
        store = new FaultInjectingStore(opened);
        engine = newEngine();
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) { // null when the store aborted the test (no database server)
            engine.close();
        }
        if (opened != null) { // else no store was opened: nothing to clean up
            opened.close();
            storeKind.cleanUp(storeDirectory);
        }
    }

    /**
     * The store as a restarted process opens it, on the data the engine that was just closed left:
     * a new store object (the closed one refuses every call).
     */
    FaultInjectingStore reopenStore() {
        opened = storeKind.reopen(opened, storeDirectory);
        return new FaultInjectingStore(opened);
    }

    EngineOptions options() {
        return EngineOptions.newBuilder().setIdentity("engine-test").build();
    }

    Engine newEngine() {
        return Engine.builder().store(store).clock(clock).options(options()).build();
    }

    // ------------------------------------------------------------ starting

    static StartWorkflowRequest request(String workflowId) {
        return new StartWorkflowRequest(NS, workflowId, "OrderWorkflow", QUEUE, List.of(json("\"order-1\"")),
                null, null, null, "client-1", null);
    }

    WorkflowExecution start(String workflowId) {
        return engine.startWorkflow(request(workflowId));
    }

    // ------------------------------------------------------------ workflow tasks

    WorkflowTask pollWorkflowTask() {
        return pollWorkflowTask(QUEUE);
    }

    WorkflowTask pollWorkflowTask(String queue) {
        Optional<WorkflowTask> task = engine.pollWorkflowTask(NS, queue, "worker-1", WAIT);
        assertThat(task).as("a workflow task on %s", queue).isPresent();
        return task.get();
    }

    void assertNoWorkflowTask(String queue) {
        assertThat(engine.pollWorkflowTask(NS, queue, "worker-1", EMPTY_WAIT)).as("workflow task on %s", queue)
                .isEmpty();
    }

    void complete(WorkflowTask task, Command... commands) {
        engine.completeWorkflowTask(task.taskToken(), List.of(commands), "worker-1", null);
    }

    void completeSticky(WorkflowTask task, String stickyQueue, Command... commands) {
        engine.completeWorkflowTask(task.taskToken(), List.of(commands), "worker-1", stickyQueue);
    }

    /** Starts a workflow and completes its first task with {@code commands}. */
    WorkflowExecution startWith(String workflowId, Command... commands) {
        WorkflowExecution execution = start(workflowId);
        complete(pollWorkflowTask(), commands);
        return execution;
    }

    /** Waits (real time) until a poller is parked on a workflow queue, so a test can act on a pending poll. */
    void awaitWaitingPoller(String queue) throws InterruptedException {
        awaitWaitingPoller(queue, TaskQueueKind.WORKFLOW);
    }

    /** Waits (real time) until a poller is parked on a queue of {@code kind}. */
    void awaitWaitingPoller(String queue, TaskQueueKind kind) throws InterruptedException {
        TaskQueueId id = new TaskQueueId(NS, queue, kind);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (engine.matching().waitingPollers(id) == 0) {
            assertThat(System.nanoTime()).as("a poller waits on %s", queue).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    // ------------------------------------------------------------ activity tasks

    /**
     * Waits (real time) until the timer thread has moved the run's first pending activity to
     * {@code attempt}, so a test can then move the clock past that attempt's backoff.
     */
    void awaitPendingAttempt(String workflowId, int attempt) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (engine.describeWorkflow(NS, workflowId, null).pendingActivities().get(0).attempt() != attempt) {
            assertThat(System.nanoTime()).as("activity of %s at attempt %d", workflowId, attempt).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    ActivityTask pollActivity() {
        return pollActivity(QUEUE);
    }

    ActivityTask pollActivity(String queue) {
        Optional<ActivityTask> task = engine.pollActivityTask(NS, queue, "activity-worker", WAIT);
        assertThat(task).as("an activity task on %s", queue).isPresent();
        return task.get();
    }

    void assertNoActivityTask() {
        assertThat(engine.pollActivityTask(NS, QUEUE, "activity-worker", EMPTY_WAIT)).as("activity task").isEmpty();
    }

    static Command.ScheduleActivityTask activity(String type, Duration startToClose) {
        return new Command.ScheduleActivityTask(null, type, null, List.of(json("42")), null, null, startToClose,
                null, null);
    }

    static Command.ScheduleActivityTask activity(String type, Duration scheduleToClose, Duration scheduleToStart,
            Duration startToClose, RetryPolicy retryPolicy) {
        return new Command.ScheduleActivityTask(null, type, null, List.of(json("42")), scheduleToClose,
                scheduleToStart, startToClose, null, retryPolicy);
    }

    static RetryPolicy retry(int maximumAttempts, String... nonRetryableTypes) {
        return new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(100), maximumAttempts,
                Arrays.asList(nonRetryableTypes));
    }

    static Failure failure(String type) {
        return Failure.application("boom: " + type, type, false, null, null);
    }

    // ------------------------------------------------------------ history

    List<HistoryEvent> history(String workflowId) {
        return engine.getHistory(NS, workflowId, null);
    }

    static List<EventType> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::eventType).toList();
    }

    static <T> T last(List<HistoryEvent> events, Class<T> type) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (type.isInstance(events.get(i).attributes())) {
                return type.cast(events.get(i).attributes());
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + events);
    }

    static Payload json(String text) {
        return new Payload(Payload.ENCODING_JSON, text.getBytes(StandardCharsets.UTF_8));
    }
}
