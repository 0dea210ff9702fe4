package io.reprise.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCodecTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final HistorySettings SETTINGS = new HistorySettings(1 << 20, Duration.ofSeconds(5), "engine");
    private static final ExecutionKey KEY = new ExecutionKey("default", "order-1", "run-1");

    @Test
    void snapshotRoundTripKeepsEveryDurableField() {
        TransitionContext start = StartWorkflowProcessor.start(KEY, new StartWorkflowRequest("default", "order-1",
                "OrderWorkflow", "orders", List.of(), Duration.ofHours(1), null, null, "client", "req-1"),
                Duration.ofSeconds(10), T0, SETTINGS);
        MutableState state = start.state();
        state.committed(1, start.events());
        TransitionContext started = new TransitionContext(state, T0, SETTINGS);
        WorkflowTaskStartedProcessor.start(started, "worker");
        TransitionContext completed = new TransitionContext(state, T0.plusSeconds(1), SETTINGS);
        WorkflowTaskCompletedProcessor.complete(completed, List.of(
                new Command.ScheduleActivityTask("pay", "ChargeCard", null, List.of(), Duration.ofMinutes(1), null,
                        null, Duration.ofSeconds(5), null),
                new Command.StartTimer("nap", Duration.ofMinutes(5))), "worker", "sticky-1");
        ActivityState activity = state.activity(5);
        TransitionContext failed = new TransitionContext(state, T0.plusSeconds(2), SETTINGS);
        ActivityAttemptFailedProcessor.fail(failed, activity, Failure.application("no", "Declined", false,
                List.of(new Payload("json/plain", "1".getBytes(StandardCharsets.UTF_8))), null), "w");

        ExecutionRow row = StateCodec.toRow(state, 7, T0.plusSeconds(3));
        MutableState read = StateCodec.fromRow(row);

        assertThat(row.nextTimerAtMillis()).isEqualTo(T0.plusSeconds(3).toEpochMilli());
        assertThat(row.lastEventId()).isEqualTo(6);
        assertThat(read.version()).isEqualTo(7);
        assertThat(read.lastEventId()).isEqualTo(6);
        assertThat(read.requestId()).isEqualTo("req-1");
        assertThat(read.runExpirationTime()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(read.previousStartedEventId()).isEqualTo(3);
        assertThat(read.stickyTaskQueue()).isEqualTo("sticky-1");
        assertThat(read.timers()).containsExactly(new TimerState("nap", 6, T0.plusSeconds(301)));
        ActivityState a = read.activity(5);
        assertThat(a.activityId()).isEqualTo("pay");
        assertThat(a.attempt()).isEqualTo(2);
        assertThat(a.status()).isEqualTo(ActivityState.Status.SCHEDULED);
        assertThat(a.attemptScheduledTime()).isEqualTo(T0.plusSeconds(3));
        assertThat(a.startToCloseTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(a.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(a.scheduleToStartTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(a.lastFailure()).isEqualTo(activity.lastFailure());
        assertThat(a.input()).as("not part of the snapshot").isNull();
        assertThat(DueTimers.all(read)).hasSameSizeAs(DueTimers.all(state));
    }

    @Test
    void bufferedEventsAndTheStartedTaskSurviveTheRoundTrip() {
        TransitionContext start = StartWorkflowProcessor.start(KEY, new StartWorkflowRequest("default", "order-1",
                "OrderWorkflow", "orders", List.of(), null, null, null, null, null), Duration.ofSeconds(10), T0,
                SETTINGS);
        MutableState state = start.state();
        WorkflowTaskStartedProcessor.start(new TransitionContext(state, T0, SETTINGS), "worker");
        state.timers.put("t", new TimerState("t", 2, T0));
        TimerFiredProcessor.fire(new TransitionContext(state, T0.plusSeconds(1), SETTINGS), state.timers.get("t"));

        MutableState read = StateCodec.fromRow(StateCodec.toRow(state, 3, null));

        assertThat(read.workflowTask().isStarted()).isTrue();
        assertThat(read.workflowTask().startedEventId()).isEqualTo(3);
        assertThat(read.bufferedEvents).containsExactlyElementsOf(state.bufferedEvents);
        assertThat(read.requestId()).isNull();
        assertThat(read.runExpirationTime()).isNull();
    }

    /**
     * Stored state is a promise: a snapshot the build before crash reruns counted as attempts wrote,
     * holding an activity attempt marked started, reads back, and a restart counts that attempt.
     */
    @Test
    void aSnapshotWithAStartedAttemptWrittenByAnEarlierBuildIsReadAndItsAttemptCounted() {
        byte[] written = HexFormat.of().parseHex(
                "03000d4f72646572576f726b666c6f7700066f7264657273000100057265712d310000019b76daa80000000000000000"
                + "002710000000000000000300000000000100000000000000050003706179000a4368617267654361726400066f726465"
                + "7273000001000000000000ea600000000000000003e8400000000000000000000000000186a000000000000000000000"
                + "019b76daabe801000000010000019b76daabe8010000019b76dab7a0010008776f726b65722d62010000019b76dab7a0"
                + "ffffffff010008776f726b65722d620000000000000000000000000000000000ffffffff00ffffffff00000000000000"
                + "0001000000000000000000ffffffffffffffff00");
        ExecutionRow row = new ExecutionRow(KEY, "OrderWorkflow", "orders", "RUNNING", T0.toEpochMilli(), null, null,
                3, 5, written, null);

        MutableState state = StateCodec.fromRow(row);

        assertThat(state.lastEventId()).isEqualTo(5);
        ActivityState activity = state.activity(5);
        assertThat(activity.activityId()).isEqualTo("pay");
        assertThat(activity.status()).isEqualTo(ActivityState.Status.STARTED);
        assertThat(activity.attempt()).isEqualTo(1);
        assertThat(activity.startedTime()).isEqualTo(T0.plusSeconds(4));
        assertThat(activity.startedIdentity).isEqualTo("worker-b");
        assertThat(activity.startToCloseTimeout()).isEqualTo(Duration.ofMinutes(1));

        ActivityAttemptFailedProcessor.workerLost(new TransitionContext(state, T0.plusSeconds(5), SETTINGS), activity);

        assertThat(activity.attempt()).isEqualTo(2);
        assertThat(activity.status()).isEqualTo(ActivityState.Status.SCHEDULED);
        assertThat(activity.lastFailure().message()).isEqualTo("activity START_TO_CLOSE timeout: the worker"
                + " \"worker-b\" running attempt 1 was lost (the engine restarted while the attempt was running)");
    }

    /**
     * Stored state is a promise: a format 3 snapshot (written by the build before request ids and headers were
     * kept, {@code state-format3.bin}) of a run with two activities (one started, with a heartbeat; one failed and
     * waiting to retry), a timer, a child, an undelivered signal to another run, a declared signal list, a cancel
     * request and a pending update reads back whole.
     */
    @Test
    void aFormat3SnapshotWrittenByAnEarlierBuildIsReadWhole() throws Exception {
        byte[] written;
        try (var in = StateCodecTest.class.getResourceAsStream("state-format3.bin")) {
            written = in.readAllBytes();
        }
        assertThat(written[0]).isEqualTo((byte) 3);
        ExecutionRow row = new ExecutionRow(KEY, "OrderWorkflow", "orders", "RUNNING", T0.toEpochMilli(), null, null,
                9, 13, written, HexFormat.of().parseHex(
                        "01000000000000000100046e6f7465000a6a736f6e2f706c61696e0000000422686922"));

        MutableState state = StateCodec.fromRow(row);

        assertThat(state.lastEventId()).isEqualTo(13);
        assertThat(state.requestId()).isEqualTo("req-1");
        assertThat(state.attempt()).isEqualTo(1);
        assertThat(state.retryPolicy.maximumAttempts()).isEqualTo(5);
        assertThat(state.input).extracting(Payload::encoding).containsExactly("json/plain");
        assertThat(state.stickyTaskQueue()).isEqualTo("sticky-1");
        assertThat(state.signalNames).containsExactly("addItem", "approve");
        assertThat(state.isCancelRequested()).isTrue();
        assertThat(state.isUpdatePending("upd-1")).isTrue();
        assertThat(state.workflowTask().scheduledEventId()).isEqualTo(11);
        assertThat(state.timers()).containsExactly(new TimerState("nap", 7, T0.plusSeconds(301)));
        ActivityState pay = state.activity(5);
        assertThat(pay.status()).isEqualTo(ActivityState.Status.STARTED);
        assertThat(pay.startedIdentity).isEqualTo("worker-b");
        assertThat(pay.lastHeartbeatTime()).isEqualTo(T0.plusSeconds(3));
        assertThat(pay.lastHeartbeatDetails()).hasSize(1);
        ActivityState ship = state.activity(6);
        assertThat(ship.taskQueue()).isEqualTo("shipping");
        assertThat(ship.attempt()).isEqualTo(2);
        assertThat(ship.lastFailure().message()).isEqualTo("no");
        assertThat(state.children()).singleElement().satisfies(child -> {
            assertThat(child.initiatedEventId()).isEqualTo(8);
            assertThat(child.workflowId()).isEqualTo("child-1");
        });
        assertThat(state.externals()).singleElement().satisfies(external -> {
            assertThat(external.initiatedEventId()).isEqualTo(9);
            assertThat(external.signalName()).isEqualTo("poke");
        });
        assertThat(state.visibility().memo()).containsOnlyKeys("note");
        assertThat(state.header).as("format 3 has no headers").isEmpty();
        assertThat(pay.header()).isEmpty();
        assertThat(state.recentRequests().size()).as("format 3 has no request ids").isZero();
        assertThat(state.children()).singleElement().satisfies(child -> assertThat(child.initiated().header())
                .isEmpty());
    }

    @Test
    void headersAndRecentRequestIdsSurviveTheRoundTrip() {
        Map<String, Payload> header = Map.of("traceparent", new Payload("json/plain",
                "\"00-abc-01\"".getBytes(StandardCharsets.UTF_8)));
        TransitionContext start = StartWorkflowProcessor.start(KEY, new StartWorkflowRequest("default", "order-1",
                "OrderWorkflow", "orders", List.of(), null, null, null, "client", "req-start", null, false,
                new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 3, List.of()), null, null, null,
                header), Duration.ofSeconds(10), T0, SETTINGS);
        MutableState state = start.state();
        state.committed(1, start.events());
        WorkflowTaskStartedProcessor.start(new TransitionContext(state, T0, SETTINGS), "worker");
        WorkflowTaskCompletedProcessor.complete(new TransitionContext(state, T0, SETTINGS), List.of(
                new Command.ScheduleActivityTask("pay", "ChargeCard", null, List.of(), null, null,
                        Duration.ofMinutes(1), null, null, header)), "worker", null);
        SignalWorkflowProcessor.signal(new TransitionContext(state, T0, SETTINGS),
                new EventAttributes.WorkflowExecutionSignaled("addItem", List.of(), "client"), "req-signal");
        AcceptUpdateProcessor.accept(new TransitionContext(state, T0, SETTINGS), "upd-1", "setQty", List.of(),
                "client", "req-update");

        MutableState read = StateCodec.fromRow(StateCodec.toRow(state, 3, null));

        assertThat(read.header).isEqualTo(header);
        assertThat(read.activity(5).header()).isEqualTo(header);
        assertThat(read.recentRequests().contains("req-signal")).isTrue();
        assertThat(read.recentRequests().updateIdOf("req-signal")).isNull();
        assertThat(read.recentRequests().updateIdOf("req-update")).isEqualTo("upd-1");
        assertThat(read.recentRequests().size()).isEqualTo(2);
    }

    @Test
    void workflowTaskRetryBackoffGrowsToAMinute() {
        assertThat(WorkflowTasks.retryBackoff(2)).isZero();
        assertThat(WorkflowTasks.retryBackoff(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(WorkflowTasks.retryBackoff(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(WorkflowTasks.retryBackoff(9)).isEqualTo(Duration.ofSeconds(60));
        assertThat(WorkflowTasks.retryBackoff(1000)).isEqualTo(Duration.ofSeconds(60));
    }
}
