package io.reprise.workflow;

import io.reprise.activity.ActivityOptions;
import io.reprise.activity.LocalActivityOptions;
import io.reprise.internal.replay.WorkflowInternal;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * The API workflow code uses instead of threads, clocks and randomness, so that replaying the
 * code against its history takes the same path. Every method must be called from workflow code.
 */
public final class Workflow {

    private Workflow() {
    }

    /**
     * A typed stub whose methods schedule activities and wait for their results. One of
     * {@code startToCloseTimeout} or {@code scheduleToCloseTimeout} is required, from these options
     * or from the options registered for the workflow implementation; fields set here win.
     *
     * @throws IllegalArgumentException when the interface is not an {@code @ActivityInterface} or the options are incomplete
     */
    public static <T> T newActivityStub(Class<T> activityInterface, ActivityOptions options) {
        return WorkflowInternal.newActivityStub(activityInterface, options);
    }

    /**
     * A typed activity stub using the options registered for the workflow implementation
     * ({@code WorkflowImplementationOptions}: per activity type, then defaults).
     *
     * @throws IllegalArgumentException when no registered options give a required timeout
     */
    public static <T> T newActivityStub(Class<T> activityInterface) {
        return WorkflowInternal.newActivityStub(activityInterface, null);
    }

    /**
     * A typed stub whose methods run local activities: in this worker process, without a Task
     * Queue round trip, recorded as one {@code MarkerRecorded} event each (replay reads the marker
     * and does not run the activity again). The implementations are those registered on the worker
     * with {@code registerActivitiesImplementations}. One of Start-To-Close or Schedule-To-Close is required.
     */
    public static <T> T newLocalActivityStub(Class<T> activityInterface, LocalActivityOptions options) {
        return WorkflowInternal.newLocalActivityStub(activityInterface, options);
    }

    /**
     * A scope whose {@code run()} runs {@code body}; canceling it cancels the activities and timers
     * {@code body} started (and its child scopes). It is a child of the current scope.
     */
    public static CancellationScope newCancellationScope(Runnable body) {
        return WorkflowInternal.newCancellationScope(body, false);
    }

    /** A scope that canceling the current scope does not cancel: for cleanup after a cancellation. */
    public static CancellationScope newDetachedCancellationScope(Runnable body) {
        return WorkflowInternal.newCancellationScope(body, true);
    }

    /** Schedules an activity by type name and waits for its result. */
    public static <R> R executeActivity(String activityType, Class<R> resultClass, ActivityOptions options,
            Object... args) {
        return WorkflowInternal.executeActivity(activityType, options, args, resultClass, resultClass);
    }

    /** Schedules an activity by type name without waiting. */
    public static <R> Promise<R> executeActivityAsync(String activityType, Class<R> resultClass,
            ActivityOptions options, Object... args) {
        return WorkflowInternal.executeActivityAsync(activityType, options, args, resultClass, resultClass);
    }

    /** Blocks the workflow for {@code duration} of workflow time with a durable timer. */
    public static void sleep(Duration duration) {
        WorkflowInternal.sleep(duration);
    }

    /** A durable timer; the promise completes when it fires. */
    public static Promise<Void> newTimer(Duration duration) {
        return WorkflowInternal.newTimer(duration);
    }

    /** Workflow time: the time the current Workflow Task started, the same on every replay. */
    public static long currentTimeMillis() {
        return WorkflowInternal.currentTimeMillis();
    }

    /** Blocks until {@code condition} holds; it is re-evaluated whenever workflow state may have changed. */
    public static void await(BooleanSupplier condition) {
        WorkflowInternal.await(condition);
    }

    /** Like {@link #await(BooleanSupplier)} with a durable timeout; returns whether the condition holds. */
    public static boolean await(Duration timeout, BooleanSupplier condition) {
        return WorkflowInternal.await(timeout, condition);
    }

    /** A random UUID that is the same on every replay. */
    public static UUID randomUUID() {
        return WorkflowInternal.randomUUID();
    }

    /** A {@link Random} seeded deterministically for this run. */
    public static Random newRandom() {
        return WorkflowInternal.newRandom();
    }

    /** Whether the code is replaying history (its effects already happened). */
    public static boolean isReplaying() {
        return WorkflowInternal.isReplaying();
    }

    public static WorkflowInfo getInfo() {
        return WorkflowInternal.getInfo();
    }

    /** A logger that is silent while replaying, unless the worker factory enables logging in replay. */
    public static Logger getLogger(Class<?> type) {
        return WorkflowInternal.getLogger(type);
    }

    public static Logger getLogger(String name) {
        return WorkflowInternal.getLogger(name);
    }

    /** A promise that workflow code completes. */
    public static <V> CompletablePromise<V> newPromise() {
        return WorkflowInternal.newPromise();
    }
}
