package io.reprise.testing;

import static io.reprise.engine.api.EventType.MarkerRecorded;
import static io.reprise.engine.api.EventType.TimerFired;
import static io.reprise.engine.api.EventType.TimerStarted;
import static io.reprise.engine.api.EventType.WorkflowExecutionCompleted;
import static io.reprise.engine.api.EventType.WorkflowExecutionStarted;
import static io.reprise.engine.api.EventType.WorkflowTaskCompleted;
import static io.reprise.engine.api.EventType.WorkflowTaskFailed;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowOptions;
import io.reprise.common.DataConverter;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.internal.replay.SideEffectFailedError;
import io.reprise.worker.NonDeterministicException;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactoryOptions;
import io.reprise.workflow.Async;
import io.reprise.workflow.Promise;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SideEffectTest {

    static final String QUEUE = "side-effects";

    /** How many times the side effect functions ran, across workers and replays. */
    static final AtomicInteger calls = new AtomicInteger();

    @WorkflowInterface
    public interface Lottery {
        @WorkflowMethod
        String draw();
    }

    public static final class LotteryImpl implements Lottery {
        @Override
        public String draw() {
            int ticket = Workflow.sideEffect(Integer.class, () -> 100 + calls.incrementAndGet());
            Workflow.sleep(Duration.ofMinutes(1));
            return "ticket-" + ticket;
        }
    }

    /** The same Workflow Type, changed: the side effect is gone. */
    public static final class LotteryWithoutSideEffect implements Lottery {
        @Override
        public String draw() {
            Workflow.sleep(Duration.ofMinutes(1));
            return "ticket-none";
        }
    }

    /** The function fails on its first call; the workflow code tries (and fails) to swallow that. */
    public static final class FlakyLottery implements Lottery {
        @Override
        public String draw() {
            try {
                int ticket = Workflow.sideEffect(Integer.class, () -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("entropy source down");
                    }
                    return 7;
                });
                return "ticket-" + ticket;
            } catch (Exception e) {
                return "swallowed " + e;
            }
        }
    }

    public record Item(String sku, int quantity) {
    }

    /** Only its generic type is used: {@code List<Item>}. */
    static List<Item> itemsType;

    public static final class BasketLottery implements Lottery {
        @Override
        public String draw() {
            @SuppressWarnings("unchecked")
            Class<List<Item>> listClass = (Class<List<Item>>) (Class<?>) List.class;
            List<Item> items = Workflow.sideEffect(listClass, ITEMS_TYPE, () -> List.of(new Item("sku-1", 2)));
            Item first = items.get(0);
            return first.getClass().getSimpleName() + ":" + first.sku() + "x" + first.quantity();
        }
    }

    static final Type ITEMS_TYPE;

    static {
        try {
            ITEMS_TYPE = SideEffectTest.class.getDeclaredField("itemsType").getGenericType();
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Two branches each draw a number and sleep that many seconds; their commands interleave. */
    public static final class ParallelLottery implements Lottery {
        @Override
        public String draw() {
            List<Promise<Integer>> branches = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                branches.add(Async.function(() -> {
                    int seconds = Workflow.sideEffect(Integer.class, calls::incrementAndGet);
                    Workflow.sleep(Duration.ofSeconds(seconds));
                    return seconds;
                }));
            }
            Promise.allOf(branches).get();
            Workflow.sleep(Duration.ofMinutes(1));
            return branches.get(0).get() + "," + branches.get(1).get();
        }
    }

    @WorkflowInterface
    public interface RateLimitWatcher {
        @WorkflowMethod
        List<Integer> watch(int rounds);
    }

    /** What the configuration source returns on its n-th read. */
    static final List<Integer> CONFIGURED_LIMITS = List.of(1, 1, 2, 2, 3);
    static final AtomicInteger configReads = new AtomicInteger();
    /** The values the last (possibly replayed) run of the watcher saw. */
    static final AtomicReference<List<Integer>> lastSeen = new AtomicReference<>();

    public static final class RateLimitWatcherImpl implements RateLimitWatcher {
        @Override
        public List<Integer> watch(int rounds) {
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                seen.add(Workflow.mutableSideEffect("limit", Integer.class, (stored, fresh) -> !stored.equals(fresh),
                        () -> CONFIGURED_LIMITS.get(configReads.getAndIncrement())));
                Workflow.sleep(Duration.ofSeconds(1));
            }
            lastSeen.set(seen);
            return seen;
        }
    }

    private TestWorkflowEnvironment env;

    @BeforeEach
    void resetCounters() {
        calls.set(0);
        configReads.set(0);
        lastSeen.set(null);
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private void startWorker(int cacheSize, Class<?> workflow) {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(cacheSize).build())
                .build());
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(workflow);
        env.start();
    }

    private <T> T stub(Class<T> workflowInterface, String workflowId) {
        return env.getWorkflowClient().newWorkflowStub(workflowInterface,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
    }

    private List<HistoryEvent> history(String workflowId) {
        return EngineHistory.events(env.getWorkflowClient().fetchHistory(workflowId));
    }

    private static List<EventType> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::eventType).toList();
    }

    private static <T> T detail(EventAttributes.MarkerRecorded marker, String key, Class<T> type) {
        return DataConverter.getDefaultInstance().fromPayload(marker.details().get(key).get(0), type, type);
    }

    @Test
    void sideEffectRunsOnceAndReplaysReturnTheRecordedValue() {
        // Cache size 0: the task after the timer replays the first one from the history.
        startWorker(0, LotteryImpl.class);

        String result = stub(Lottery.class, "draw").draw();

        assertThat(result).isEqualTo("ticket-101");
        assertThat(calls).hasValue(1);
        List<HistoryEvent> events = history("draw");
        assertThat(types(events)).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskCompleted, MarkerRecorded, TimerStarted, TimerFired,
                WorkflowTaskScheduled, WorkflowTaskStarted, WorkflowTaskCompleted, WorkflowExecutionCompleted);
        EventAttributes.MarkerRecorded marker = events.get(4).attributes(EventAttributes.MarkerRecorded.class);
        assertThat(marker.markerName()).isEqualTo("SideEffect");
        assertThat(detail(marker, "id", Integer.class)).isEqualTo(1);
        assertThat(detail(marker, "data", Integer.class)).isEqualTo(101);

        WorkflowReplayer.replayWorkflowExecution(env.getWorkflowClient().fetchHistory("draw").toJson(),
                LotteryImpl.class);

        assertThat(calls).hasValue(1);
    }

    @Test
    void sideEffectsInParallelBranchesReplayInTheOrderTheyRan() {
        // A replayed side effect returns at once, as it did live, so the branches interleave the same way.
        startWorker(0, ParallelLottery.class);

        assertThat(stub(Lottery.class, "parallel").draw()).isEqualTo("1,2");

        assertThat(calls).hasValue(2);
        List<EventType> commandEvents = types(history("parallel")).stream()
                .filter(t -> !t.name().startsWith("WorkflowTask")).toList();
        assertThat(commandEvents).containsExactly(WorkflowExecutionStarted, MarkerRecorded, TimerStarted,
                MarkerRecorded, TimerStarted, TimerFired, TimerFired, TimerStarted, TimerFired,
                WorkflowExecutionCompleted);
    }

    @Test
    void aGenericValueIsReadBackWithItsType() {
        startWorker(0, BasketLottery.class);

        assertThat(stub(Lottery.class, "basket").draw()).isEqualTo("Item:sku-1x2");

        WorkflowReplayer.replayWorkflowExecution(env.getWorkflowClient().fetchHistory("basket"), BasketLottery.class);
    }

    @Test
    void anExceptionFromTheFunctionFailsTheWorkflowTaskAndTheRetryCallsItAgain() {
        startWorker(600, FlakyLottery.class);

        String result = stub(Lottery.class, "flaky").draw();

        assertThat(result).isEqualTo("ticket-7");
        assertThat(calls).hasValue(2);
        List<HistoryEvent> events = history("flaky");
        assertThat(types(events)).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskFailed, WorkflowTaskScheduled, WorkflowTaskStarted,
                WorkflowTaskCompleted, MarkerRecorded, WorkflowExecutionCompleted);
        EventAttributes.WorkflowTaskFailed failed = events.get(3).attributes(EventAttributes.WorkflowTaskFailed.class);
        assertThat(failed.cause()).isEqualTo(WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE);
        assertThat(failed.failure().type()).isEqualTo(SideEffectFailedError.class.getName());
        assertThat(failed.failure().message()).startsWith("Workflow.sideEffect call 1 failed: its function threw "
                + "java.lang.IllegalStateException: entropy source down; nothing was recorded");
    }

    @Test
    void removingASideEffectFromTheCodeIsANonDeterminismError() {
        startWorker(600, LotteryImpl.class);
        stub(Lottery.class, "removed").draw();
        WorkflowHistory history = env.getWorkflowClient().fetchHistory("removed");

        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, LotteryWithoutSideEffect.class))
                .isInstanceOf(NonDeterministicException.class)
                .hasMessageContaining("History has event #5 MarkerRecorded(markerName=\"SideEffect\", id=1) where the "
                        + "workflow code produced StartTimer(timerId=\"1\", duration=PT1M) produced at "
                        + "io.reprise.testing.SideEffectTest$LotteryWithoutSideEffect.draw(SideEffectTest.java:");
    }

    @Test
    void addingASideEffectToTheCodeIsANonDeterminismError() {
        startWorker(600, LotteryWithoutSideEffect.class);
        stub(Lottery.class, "added").draw();
        WorkflowHistory history = env.getWorkflowClient().fetchHistory("added");

        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, LotteryImpl.class))
                .isInstanceOf(NonDeterministicException.class)
                .hasMessageContaining("History has event #5 TimerStarted(timerId=\"1\", duration=PT1M) where the "
                        + "workflow code produced RecordMarker(markerName=\"SideEffect\", id=1) produced at "
                        + "io.reprise.testing.SideEffectTest$LotteryImpl.draw(SideEffectTest.java:");
    }

    @Test
    void mutableSideEffectRecordsOnlyTheCallsThatChangeTheValue() {
        // Cache size 0: every task replays the calls before it, which must not read the source again.
        startWorker(0, RateLimitWatcherImpl.class);

        List<Integer> seen = stub(RateLimitWatcher.class, "limits").watch(5);

        assertThat(seen).containsExactly(1, 1, 2, 2, 3);
        assertThat(configReads).hasValue(5);
        List<HistoryEvent> events = history("limits");
        assertThat(types(events).stream().filter(t -> !t.name().startsWith("WorkflowTask")).toList()).containsExactly(
                WorkflowExecutionStarted, MarkerRecorded, TimerStarted, TimerFired, TimerStarted, TimerFired,
                MarkerRecorded, TimerStarted, TimerFired, TimerStarted, TimerFired, MarkerRecorded, TimerStarted,
                TimerFired, WorkflowExecutionCompleted);
        List<EventAttributes.MarkerRecorded> markers = events.stream()
                .filter(e -> e.eventType() == MarkerRecorded)
                .map(e -> e.attributes(EventAttributes.MarkerRecorded.class)).toList();
        assertThat(markers).extracting(EventAttributes.MarkerRecorded::markerName).containsOnly("MutableSideEffect");
        assertThat(markers).extracting(m -> detail(m, "id", String.class)).containsOnly("limit");
        assertThat(markers).extracting(m -> detail(m, "call", Integer.class)).containsExactly(1, 3, 5);
        assertThat(markers).extracting(m -> detail(m, "data", Integer.class)).containsExactly(1, 2, 3);

        lastSeen.set(null);
        WorkflowReplayer.replayWorkflowExecution(env.getWorkflowClient().fetchHistory("limits"),
                RateLimitWatcherImpl.class);

        assertThat(lastSeen.get()).containsExactly(1, 1, 2, 2, 3);
        assertThat(configReads).hasValue(5);
    }
}
