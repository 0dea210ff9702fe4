package io.reprise.failure;

/**
 * An activity invoked by a workflow failed for good (retries exhausted, non-retryable, timed
 * out or canceled). The cause says why: an {@link ApplicationFailure}, a {@link TimeoutFailure}
 * or a {@link CanceledFailure}.
 */
public final class ActivityFailure extends RepriseFailure {

    private final long scheduledEventId;
    private final long startedEventId;
    private final String activityType;
    private final String activityId;
    private final String identity;
    private final RetryState retryState;

    public ActivityFailure(String message, long scheduledEventId, long startedEventId, String activityType,
            String activityId, String identity, RetryState retryState, Throwable cause) {
        super("Activity failed: activityType='" + activityType + "', activityId='" + activityId
                + "', scheduledEventId=" + scheduledEventId + ", startedEventId=" + startedEventId
                + (identity == null || identity.isEmpty() ? "" : ", identity='" + identity + "'")
                + ", retryState=" + retryState
                + (message == null || message.isEmpty() ? "" : ", message='" + message + "'"), message, cause);
        this.scheduledEventId = scheduledEventId;
        this.startedEventId = startedEventId;
        this.activityType = activityType;
        this.activityId = activityId;
        this.identity = identity;
        this.retryState = retryState;
    }

    public long getScheduledEventId() {
        return scheduledEventId;
    }

    public long getStartedEventId() {
        return startedEventId;
    }

    public String getActivityType() {
        return activityType;
    }

    public String getActivityId() {
        return activityId;
    }

    /**
     * Identity of the worker that ran the last attempt, or {@code null} when no attempt had started
     * (for example a Schedule-To-Start timeout, or a cancellation before any start).
     */
    public String getIdentity() {
        return identity;
    }

    public RetryState getRetryState() {
        return retryState;
    }
}
