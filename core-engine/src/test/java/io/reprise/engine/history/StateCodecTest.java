package io.reprise.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
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

    @Test
    void workflowTaskRetryBackoffGrowsToAMinute() {
        assertThat(WorkflowTasks.retryBackoff(2)).isZero();
        assertThat(WorkflowTasks.retryBackoff(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(WorkflowTasks.retryBackoff(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(WorkflowTasks.retryBackoff(9)).isEqualTo(Duration.ofSeconds(60));
        assertThat(WorkflowTasks.retryBackoff(1000)).isEqualTo(Duration.ofSeconds(60));
    }
}
