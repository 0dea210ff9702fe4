package io.reprise.engine.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reprise.common.Payload;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RetryPolicy;
import java.util.List;

/**
 * The stored form of {@link MutableState} (the opaque {@code state} column of the execution
 * row). Times are epoch milliseconds and durations milliseconds, to keep it small and quick to
 * write; {@code null} means unset. The key, the version and the last event id are columns of the
 * row and are not repeated here.
 *
 * @param format the layout version, for reading snapshots written by older engines
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record StateSnapshot(
        int format,
        String workflowType,
        String taskQueue,
        String status,
        String requestId,
        long startTime,
        Long closeTime,
        Long runExpirationTime,
        long workflowTaskTimeout,
        long previousStartedEventId,
        String stickyTaskQueue,
        WorkflowTask workflowTask,
        List<Activity> activities,
        List<Timer> timers,
        List<HistoryEvent> bufferedEvents) {

    static final int FORMAT = 1;

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record WorkflowTask(
            String status,
            long scheduledEventId,
            int attempt,
            String taskQueue,
            long scheduledTime,
            long availableTime,
            Long stickyDeadline,
            long startedEventId,
            Long startedTime,
            String startedIdentity) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Activity(
            long scheduledEventId,
            String activityId,
            String activityType,
            String taskQueue,
            Long scheduleToCloseTimeout,
            Long scheduleToStartTimeout,
            Long startToCloseTimeout,
            Long heartbeatTimeout,
            RetryPolicy retryPolicy,
            long scheduledTime,
            String status,
            int attempt,
            long attemptScheduledTime,
            Long startedTime,
            String startedIdentity,
            Long lastStartedTime,
            Failure lastFailure,
            String lastWorkerIdentity,
            List<Payload> lastHeartbeatDetails) {
    }

    record Timer(String timerId, long startedEventId, long fireTime) {
    }
}
