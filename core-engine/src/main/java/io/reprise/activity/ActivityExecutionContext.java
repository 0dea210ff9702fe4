package io.reprise.activity;

import java.lang.reflect.Type;
import java.util.Optional;

/** The running activity's view of its execution; obtained with {@link Activity#getExecutionContext()}. */
public interface ActivityExecutionContext {

    /** Information about this activity execution and attempt. */
    ActivityInfo getInfo();

    /**
     * Reports liveness and progress. {@code details} (any value the data converter can serialize,
     * or {@code null}) is kept by the engine: the next attempt reads it with
     * {@link #getHeartbeatDetails}, and a timeout failure carries it.
     *
     * <p>Heartbeats are throttled: the first is sent at once, later ones only store their details,
     * and the latest stored details are sent when the throttle interval ends. The interval is the
     * smaller of 0.8 × the Heartbeat Timeout (or {@code WorkerOptions.defaultHeartbeatThrottleInterval},
     * 30 s, when the activity has none) and {@code WorkerOptions.maxHeartbeatThrottleInterval} (60 s).
     *
     * <p>Cancellation reaches an activity only through heartbeats. In a local activity this does nothing.
     *
     * @throws ActivityCanceledException when the workflow asked to cancel the activity (clean up, then
     *     let it propagate or return)
     * @throws ActivityCompletionException when the attempt is no longer current: it timed out, or the
     *     workflow execution completed, failed or was terminated
     */
    void heartbeat(Object details);

    /** Whether an earlier attempt (or this one) recorded heartbeat details. */
    boolean hasHeartbeatDetails();

    /** The details of the last heartbeat of a previous attempt (or of this attempt), read as {@code type}. */
    <V> Optional<V> getHeartbeatDetails(Class<V> type);

    /** Like {@link #getHeartbeatDetails(Class)} for a generic type such as {@code List<String>}. */
    <V> Optional<V> getHeartbeatDetails(Class<V> type, Type genericType);

    /**
     * Returning from the activity method will not complete the activity: someone completes it later
     * with an {@code ActivityCompletionClient}, by task token ({@link #getTaskToken()}) or by
     * workflow id and activity id. Its timeouts still apply. Not available to local activities.
     */
    void doNotCompleteOnReturn();

    /** Whether {@link #doNotCompleteOnReturn()} was called. */
    boolean isDoNotCompleteOnReturn();

    /** The task token of this attempt (the same as {@code getInfo().taskToken()}). */
    default byte[] getTaskToken() {
        return getInfo().taskToken();
    }
}
