package io.reprise.workflow;

import io.reprise.activity.ActivityOptions;
import io.reprise.activity.LocalActivityOptions;
import io.reprise.common.SearchAttributeUpdate;
import io.reprise.common.SearchAttributes;
import io.reprise.common.WorkflowExecution;
import io.reprise.internal.replay.WorkflowInternal;
import io.reprise.internal.replay.WorkflowVisibility;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * The API workflow code uses instead of threads, clocks and randomness, so that replaying the
 * code against its history takes the same path. Every method must be called from workflow code.
 */
public final class Workflow {

    /**
     * The version {@link #getVersion} returns to an execution that passed the call before the code
     * had it: its history holds no version marker for the change.
     */
    public static final int DEFAULT_VERSION = -1;

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

    /**
     * Ends this run and starts a new run of the same Workflow Id with a fresh, empty history and
     * {@code args} as the workflow method's arguments: how a workflow that loops forever keeps its
     * history small. The new run keeps the Workflow Type, Task Queue, timeouts, retry policy and
     * cron schedule; the client's result follows the chain to the last run. Never returns; call
     * it from the workflow method (after handlers are done).
     */
    public static void continueAsNew(Object... args) {
        WorkflowInternal.continueAsNew(null, args);
    }

    /** Like {@link #continueAsNew(Object...)}, changing what {@code options} sets. */
    public static void continueAsNew(ContinueAsNewOptions options, Object... args) {
        WorkflowInternal.continueAsNew(options, args);
    }

    /**
     * A stub that starts a child workflow: calling its workflow method starts the child and waits
     * for its result (use {@link Async#function} to start it without waiting); its signal methods
     * signal the started child. A child failure surfaces as {@code ChildWorkflowFailure} with the
     * cause; canceling the scope that started the child asks it to cancel.
     */
    public static <T> T newChildWorkflowStub(Class<T> workflowInterface, ChildWorkflowOptions options) {
        return WorkflowInternal.newChildWorkflowStub(workflowInterface, options);
    }

    /** Like {@link #newChildWorkflowStub(Class, ChildWorkflowOptions)} with the default options. */
    public static <T> T newChildWorkflowStub(Class<T> workflowInterface) {
        return WorkflowInternal.newChildWorkflowStub(workflowInterface, ChildWorkflowOptions.getDefaultInstance());
    }

    /** An untyped child workflow stub for {@code workflowType}. */
    public static ChildWorkflowStub newUntypedChildWorkflowStub(String workflowType, ChildWorkflowOptions options) {
        return WorkflowInternal.newUntypedChildWorkflowStub(workflowType, options);
    }

    /** Completes when the child behind a typed child stub started (after its workflow method was called). */
    public static Promise<WorkflowExecution> getWorkflowExecution(Object childStub) {
        return WorkflowInternal.getWorkflowExecution(childStub);
    }

    /** A stub whose {@code @SignalMethod}s signal another execution (its latest run). */
    public static <T> T newExternalWorkflowStub(Class<T> workflowInterface, String workflowId) {
        return WorkflowInternal.newExternalWorkflowStub(workflowInterface, workflowId, null);
    }

    /** An untyped stub to signal or cancel another execution ({@code runId} null: its latest run). */
    public static ExternalWorkflowStub newUntypedExternalWorkflowStub(String workflowId, String runId) {
        return WorkflowInternal.newUntypedExternalWorkflowStub(workflowId, runId);
    }

    /** Like {@link #newUntypedExternalWorkflowStub(String, String)} for the latest run. */
    public static ExternalWorkflowStub newUntypedExternalWorkflowStub(String workflowId) {
        return WorkflowInternal.newUntypedExternalWorkflowStub(workflowId, null);
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

    /**
     * Runs {@code func} once and records its value, for short non-deterministic code (a random
     * number, a generated id, a read of local configuration) whose value the workflow must see the
     * same on every replay.
     *
     * <p>Live, {@code func} is called on the workflow thread and its value is recorded in the Event
     * History as a {@code MarkerRecorded} event named {@code "SideEffect"} (details: {@code id}, the
     * call's sequence number in the run, and {@code data}, the value). On replay {@code func} is not
     * called: the recorded value is returned. Either way the value returned is the recorded one, as
     * the data converter reads it back. Removing or adding a side effect in code that running
     * executions replay is a non-determinism error, like removing or adding an activity.
     *
     * <p>{@code func} must not change workflow state or call other {@code Workflow} methods; only its
     * value counts. If it throws, nothing is recorded and the Workflow Task fails (an {@code Error}
     * that workflow code should not catch); the engine retries the task, which calls {@code func}
     * again. To let the workflow react to a failure, return a value that describes it instead.
     *
     * @param resultClass the class of the value, used to read it back
     * @param func the code to run once
     * @return the value {@code func} returned when it ran
     */
    public static <R> R sideEffect(Class<R> resultClass, Functions.Func<R> func) {
        return WorkflowInternal.sideEffect(resultClass, resultClass, func);
    }

    /**
     * Like {@link #sideEffect(Class, Functions.Func)} for a generic value: {@code resultType} (for
     * example the generic return type of a method, {@code List<Item>}) is how the data converter
     * reads the recorded value back.
     */
    public static <R> R sideEffect(Class<R> resultClass, Type resultType, Functions.Func<R> func) {
        return WorkflowInternal.sideEffect(resultClass, resultType, func);
    }

    /**
     * A value the workflow reads repeatedly from a non-deterministic source (a configuration
     * value, a feature flag) that is recorded only when it changes, so a long-running loop does not
     * fill the history with copies.
     *
     * <p>Live, each call runs {@code func}. Its value is recorded as a {@code MarkerRecorded} event
     * named {@code "MutableSideEffect"} (details: {@code id}, {@code call}, the number of the call for
     * this id in the run counting from 1, and {@code data}, the value) when this id has no value yet
     * or {@code updated.test(stored, newValue)} returns {@code true}; otherwise nothing is recorded.
     * The call returns the latest recorded value: the new one when it was recorded, the stored one
     * when not. On replay neither {@code func} nor {@code updated} is called: the calls that recorded
     * a value return it, the others return the latest value, so the workflow sees the same sequence
     * of values as when it ran.
     *
     * <p>Each {@code id} names an independent value. As with {@link #sideEffect}, {@code func} must
     * not change workflow state, and an exception from {@code func} or {@code updated} fails the
     * Workflow Task, which the engine retries.
     *
     * @param id names the value within the run
     * @param resultClass the class of the value, used to read it back
     * @param updated given the stored value and the new one, whether the new one is to be recorded;
     *     not called for the first value of an id
     * @param func reads the current value
     * @return the latest recorded value of {@code id}
     */
    public static <R> R mutableSideEffect(String id, Class<R> resultClass, BiPredicate<R, R> updated,
            Functions.Func<R> func) {
        return WorkflowInternal.mutableSideEffect(id, resultClass, resultClass, updated, func);
    }

    /**
     * Like {@link #mutableSideEffect(String, Class, BiPredicate, Functions.Func)} for a generic value
     * read back as {@code resultType}.
     */
    public static <R> R mutableSideEffect(String id, Class<R> resultClass, Type resultType,
            BiPredicate<R, R> updated, Functions.Func<R> func) {
        return WorkflowInternal.mutableSideEffect(id, resultClass, resultType, updated, func);
    }

    /**
     * Lets a changed workflow keep running executions that started on the old code deterministic:
     * the code branches on the returned version, keeping the old path for executions that took it.
     *
     * <pre>{@code
     * int version = Workflow.getVersion("charge-before-ship", Workflow.DEFAULT_VERSION, 1);
     * if (version == Workflow.DEFAULT_VERSION) {
     *     shipping.ship(order);               // the old order, for executions past this point already
     *     payments.charge(order);
     * } else {
     *     payments.charge(order);
     *     shipping.ship(order);
     * }
     * }</pre>
     *
     * <p>The first call for a {@code changeId} in an execution running live returns
     * {@code maxSupported} and records it as a {@code MarkerRecorded} event named {@code "Version"}
     * (details: {@code changeId}, {@code version}). Later calls for the same {@code changeId} in
     * the run return the same version and record nothing. On replay the recorded version is
     * returned; when the history has no version marker for {@code changeId} at that point, the
     * execution passed it before the code had this call: {@link #DEFAULT_VERSION} is returned and
     * nothing is recorded, which is not a non-determinism error.
     *
     * <p>When the version is outside [{@code minSupported}, {@code maxSupported}] (the code dropped
     * the path an execution took, or an older deployment meets a newer version), the Workflow Task
     * fails with an error naming the {@code changeId}, the version and the supported range; the
     * engine retries it, so deploying code that supports the version lets the execution go on. Once
     * no execution that took an old version is running, raise {@code minSupported} and remove its
     * path.
     *
     * @param changeId names the change; one per change, unique within the Workflow Type
     * @param minSupported the oldest version the code still has a path for ({@link #DEFAULT_VERSION}
     *     for the code before the change)
     * @param maxSupported the newest version, which new executions take
     * @return the version of the change this execution takes
     * @throws IllegalArgumentException when {@code changeId} is blank or {@code minSupported > maxSupported}
     */
    public static int getVersion(String changeId, int minSupported, int maxSupported) {
        return WorkflowInternal.getVersion(changeId, minSupported, maxSupported);
    }

    // ---------------------------------------------------------------- memo and search attributes

    /**
     * The run's custom search attributes as they are now: those it started with
     * ({@code WorkflowOptions.setTypedSearchAttributes}), changed by this code's upserts.
     */
    public static SearchAttributes getTypedSearchAttributes() {
        return WorkflowVisibility.getTypedSearchAttributes();
    }

    /**
     * Sets and removes custom search attributes of the run, in one UpsertWorkflowSearchAttributes event. The
     * code sees the new values at once ({@link #getTypedSearchAttributes()}); list and count queries see them
     * once the current workflow task completes. Attributes not named keep their values.
     *
     * <pre>{@code
     * Workflow.upsertTypedSearchAttributes(ORDER_STATE.valueSet("shipped"), COUPON.valueUnset());
     * }</pre>
     *
     * @throws IllegalArgumentException when no update is given, an attribute is updated twice, or the
     *     attributes would break a limit (100 attributes, 2 KiB per string, 40 KiB in all); nothing changes then
     */
    public static void upsertTypedSearchAttributes(SearchAttributeUpdate<?>... updates) {
        WorkflowVisibility.upsertTypedSearchAttributes(updates);
    }

    /**
     * The memo value of {@code key} (set at start with {@code WorkflowOptions.setMemo} or by
     * {@link #upsertMemo}) as {@code valueClass}, or {@code null} when the memo has no such key.
     */
    public static <T> T getMemo(String key, Class<T> valueClass) {
        return WorkflowVisibility.getMemo(key, valueClass, valueClass);
    }

    /** Like {@link #getMemo(String, Class)} for a generic type ({@code List<Item>}). */
    public static <T> T getMemo(String key, Class<T> valueClass, Type genericType) {
        return WorkflowVisibility.getMemo(key, valueClass, genericType);
    }

    /**
     * Changes memo entries, in one WorkflowPropertiesModified event: each value replaces its key's, a
     * {@code null} value removes the key. The code sees the change at once; describe and list once the
     * current workflow task completes.
     *
     * @throws IllegalArgumentException for no entries, a blank key, or a memo over the payload size limit;
     *     nothing changes then
     */
    public static void upsertMemo(Map<String, Object> values) {
        WorkflowVisibility.upsertMemo(values);
    }
}
