package io.reprise.engine;

import io.reprise.common.Payload;
import io.reprise.engine.api.ActivityHeartbeatResponse;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.FailureKind;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.PollActivityTaskRequest;
import io.reprise.engine.history.ActivityAttemptFailedProcessor;
import io.reprise.engine.history.ActivityHeartbeatProcessor;
import io.reprise.engine.history.ActivityState;
import io.reprise.engine.history.ActivityTaskCanceledProcessor;
import io.reprise.engine.history.ActivityTaskCompletedProcessor;
import io.reprise.engine.history.ActivityTaskStartedProcessor;
import io.reprise.engine.history.Checks;
import io.reprise.engine.history.EventCodec;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.TaskHandBackProcessor;
import io.reprise.engine.history.TransitionContext;
import io.reprise.engine.matching.MatchingService;
import io.reprise.engine.matching.QueuedTask;
import io.reprise.engine.matching.TaskQueueId;
import io.reprise.engine.matching.TaskQueueKind;
import io.reprise.engine.store.ExecutionStore;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands Activity Tasks to workers and records what their attempts report: heartbeats,
 * completions, failures and acknowledged cancellations. A worker names the attempt by its task
 * token; an async completion may name the open activity by its id instead. What comes for an
 * attempt that is no longer current is refused with {@code NOT_FOUND}.
 */
final class ActivityTaskHandler {

    private static final Logger log = LoggerFactory.getLogger(ActivityTaskHandler.class);

    private final ExecutionStore store;
    private final ExecutionRegistry registry;
    private final Transitions transitions;
    private final MatchingService matching;
    private final RunLookup lookup;
    private final int maxPayloadSize;

    ActivityTaskHandler(ExecutionStore store, ExecutionRegistry registry, Transitions transitions,
            MatchingService matching, RunLookup lookup, int maxPayloadSize) {
        this.store = store;
        this.registry = registry;
        this.transitions = transitions;
        this.matching = matching;
        this.lookup = lookup;
        this.maxPayloadSize = maxPayloadSize;
    }

    /** Long-polls an Activity Task, at most at the request's dispatch rate. */
    Optional<ActivityTask> poll(PollActivityTaskRequest request) {
        TaskQueueId queue = lookup.queueId(request.namespace(), request.taskQueue(), TaskQueueKind.ACTIVITY);
        Double rate = request.maxTasksPerSecond();
        if (rate != null && (rate.isNaN() || rate < 0)) {
            throw EngineException.invalidArgument("maxTasksPerSecond must be positive (or null for no limit), got "
                    + rate);
        }
        return matching.poll(queue, request.pollWait(), rate, request.identity(),
                task -> start(task, request.identity()));
    }

    /**
     * Starts the activity attempt a poller took, or returns {@code null} if it is no longer
     * current. The start is committed (as state; ActivityTaskStarted is written when the attempt
     * closes) before the worker gets the task, so a restarted engine knows the attempt ran and
     * counts it. Concurrent starts share one store transaction (group commit). A task handed to a
     * poller reserved while it waited was started in the commit that scheduled it
     * ({@link ActivityStartOnMatch}); if the poll was abandoned meanwhile (its thread interrupted: a worker
     * stopping, a remote poll's call cancelled), that start is taken back as a transport's
     * {@link #handBack hand-back} would, and the poll returns empty.
     */
    private ActivityTask start(QueuedTask queued, String identity) {
        if (queued instanceof ActivityStartOnMatch.StartedTask started) {
            if (Thread.currentThread().isInterrupted()) {
                handBackAbandoned(started.task.taskToken());
                return null;
            }
            return started.task;
        }
        ActivityTaskRef ref = (ActivityTaskRef) queued;
        RunEntry run = registry.open(ref.key);
        if (run == null) {
            return null;
        }
        return transitions.locked(run, state -> {
            ActivityState activity = state.activity(ref.scheduledEventId);
            if (!state.isRunning() || activity == null || activity.queuedTask() != ref) {
                return null;
            }
            if (activity.input() == null) {
                activity.cacheInput(readInput(state, activity));
            }
            TransitionContext tx = transitions.begin(state);
            ActivityTaskStartedProcessor.start(tx, activity, identity);
            transitions.commit(run, tx);
            return ActivityStartOnMatch.activityTask(state, activity);
        });
    }

    /** After a reload the input is no longer in memory: it is in the ActivityTaskScheduled event. */
    private List<Payload> readInput(MutableState state, ActivityState activity) {
        long id = activity.scheduledEventId();
        List<HistoryEvent> events = RunLookup.storeRead(state.key(), () -> EventCodec.read(store, state.key(), id, id));
        if (events.isEmpty() || !(events.get(0).attributes()
                instanceof EventAttributes.ActivityTaskScheduled scheduled)) {
            throw new EngineException(EngineException.Code.INTERNAL, "Event " + id + " of execution " + state.key()
                    + " should be the ActivityTaskScheduled of activity \"" + activity.activityId() + "\"");
        }
        return scheduled.input();
    }

    /**
     * Takes back the attempt a poll started but could not deliver (see {@link io.reprise.engine.api.TaskHandBack}):
     * unstarted and queued again when it is still current and has not heartbeated; otherwise left to its timeout.
     */
    void handBack(byte[] taskToken) {
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.ACTIVITY_TASK);
        RunEntry run = lookup.findForToken(token);
        transitions.locked(run, state -> {
            ActivityState activity = state.isRunning() ? state.activity(token.scheduledEventId()) : null;
            if (activity == null || activity.attempt() != token.attempt()) {
                return null;
            }
            TransitionContext tx = transitions.begin(state);
            if (TaskHandBackProcessor.handBackActivityTask(tx, activity)) {
                transitions.commit(run, tx);
            }
            return null;
        });
    }

    /**
     * Hands back an attempt started for a poll whose thread was interrupted before it got the task. The flag is
     * cleared while the hand-back commits (a commit waits for the store) and set again after.
     */
    private void handBackAbandoned(byte[] taskToken) {
        Thread.interrupted();
        try {
            handBack(taskToken);
        } catch (EngineException e) {
            log.debug("An activity attempt started for an abandoned poll stays started until its timeout: {}",
                    e.getMessage());
        } finally {
            Thread.currentThread().interrupt();
        }
    }

    /** Completes the attempt the token names. */
    void complete(byte[] taskToken, Payload result, String identity) {
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.ACTIVITY_TASK);
        RequestValidation.check(Checks.payload(result, "result", maxPayloadSize));
        onActivity(lookup.findForToken(token), state -> requireCurrentAttempt(state, token, "result"),
                (tx, activity) -> ActivityTaskCompletedProcessor.complete(tx, activity, result, identity));
    }

    /** Fails the attempt the token names; the activity's retry policy decides what follows. */
    void fail(byte[] taskToken, Failure failure, String identity) {
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.ACTIVITY_TASK);
        checkFailure(failure);
        onActivity(lookup.findForToken(token), state -> requireCurrentAttempt(state, token, "failure"),
                (tx, activity) -> ActivityAttemptFailedProcessor.fail(tx, activity, failure, identity));
    }

    /** Records a heartbeat of the attempt the token names. */
    ActivityHeartbeatResponse heartbeat(byte[] taskToken, List<Payload> details) {
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.ACTIVITY_TASK);
        RequestValidation.check(Checks.payloads(details, "heartbeat details", maxPayloadSize));
        return onActivityReturning(lookup.findForToken(token),
                state -> requireCurrentAttempt(state, token, "heartbeat"),
                (tx, activity) -> new ActivityHeartbeatResponse(ActivityHeartbeatProcessor.record(tx, activity, details)));
    }

    /** Records that the attempt the token names acknowledged its cancellation. */
    void reportCanceled(byte[] taskToken, List<Payload> details, String identity) {
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.ACTIVITY_TASK);
        RequestValidation.check(Checks.payloads(details, "canceled details", maxPayloadSize));
        onActivity(lookup.findForToken(token), state -> requireCurrentAttempt(state, token, "cancellation"),
                (tx, activity) -> ActivityTaskCanceledProcessor.cancel(tx, activity, details, identity));
    }

    /** Records a heartbeat of the open activity {@code activityId}. */
    ActivityHeartbeatResponse heartbeatById(String namespace, String workflowId, String runId, String activityId,
            List<Payload> details) {
        RequestValidation.check(Checks.payloads(details, "heartbeat details", maxPayloadSize));
        return onActivityReturning(lookup.findRun(namespace, workflowId, runId),
                state -> requireOpenActivity(state, workflowId, activityId),
                (tx, activity) -> new ActivityHeartbeatResponse(ActivityHeartbeatProcessor.record(tx, activity, details)));
    }

    /** Completes the current attempt of the open activity {@code activityId}. */
    void completeById(String namespace, String workflowId, String runId, String activityId, Payload result,
            String identity) {
        RequestValidation.check(Checks.payload(result, "result", maxPayloadSize));
        onActivity(lookup.findRun(namespace, workflowId, runId), state -> requireOpenActivity(state, workflowId,
                activityId), (tx, activity) -> ActivityTaskCompletedProcessor.complete(tx, activity, result, identity));
    }

    /** Fails the current attempt of the open activity {@code activityId}. */
    void failById(String namespace, String workflowId, String runId, String activityId, Failure failure,
            String identity) {
        checkFailure(failure);
        onActivity(lookup.findRun(namespace, workflowId, runId), state -> requireOpenActivity(state, workflowId,
                activityId), (tx, activity) -> ActivityAttemptFailedProcessor.fail(tx, activity, failure, identity));
    }

    /** Records that the open activity {@code activityId} acknowledged its cancellation. */
    void reportCanceledById(String namespace, String workflowId, String runId, String activityId,
            List<Payload> details, String identity) {
        RequestValidation.check(Checks.payloads(details, "canceled details", maxPayloadSize));
        onActivity(lookup.findRun(namespace, workflowId, runId), state -> requireOpenActivity(state, workflowId,
                activityId), (tx, activity) -> ActivityTaskCanceledProcessor.cancel(tx, activity, details, identity));
    }

    /** One transition of one activity: find the activity the request names, apply the processor, commit. */
    private void onActivity(RunEntry run, Function<MutableState, ActivityState> target,
            BiConsumer<TransitionContext, ActivityState> processor) {
        onActivityReturning(run, target, (tx, activity) -> {
            processor.accept(tx, activity);
            return null;
        });
    }

    private <R> R onActivityReturning(RunEntry run, Function<MutableState, ActivityState> target,
            BiFunction<TransitionContext, ActivityState, R> processor) {
        return transitions.locked(run, state -> {
            ActivityState activity = target.apply(state);
            TransitionContext tx = transitions.begin(state);
            R result = processor.apply(tx, activity);
            transitions.commit(run, tx);
            return result;
        });
    }

    private void checkFailure(Failure failure) {
        if (failure == null) {
            throw EngineException.invalidArgument("The failure of an activity task is required");
        }
        RequestValidation.check(Checks.failure(failure, "failure", maxPayloadSize));
    }

    /**
     * The attempt {@code token} names, if it is still current. Otherwise what the worker sent (its
     * {@code what}: result, failure, heartbeat, cancellation) comes too late: it is dropped, with a
     * DEBUG line saying why, and the caller gets {@code NOT_FOUND}.
     */
    private static ActivityState requireCurrentAttempt(MutableState state, TaskToken token, String what) {
        String stale = null;
        ActivityState activity = state.isRunning() ? state.activity(token.scheduledEventId()) : null;
        if (!state.isRunning()) {
            stale = "the workflow execution is " + state.status();
        } else if (activity == null) {
            stale = "the activity is closed (it completed, failed, timed out or was canceled)";
        } else if (activity.attempt() != token.attempt()) {
            stale = "attempt " + token.attempt() + " " + attemptOutcome(activity, token.attempt())
                    + "; the activity is at attempt " + activity.attempt() + " (activityId \""
                    + activity.activityId() + "\")";
        }
        if (stale != null) {
            log.debug("Dropped the late {} of activity attempt {} (scheduledEventId {}, workflowId \"{}\", runId"
                    + " \"{}\"{}): {}", what, token.attempt(), token.scheduledEventId(), token.key().workflowId(),
                    token.key().runId(), activity == null ? "" : ", activityId \"" + activity.activityId() + "\"",
                    stale);
            throw token.notFound(stale);
        }
        return activity;
    }

    /** How a past attempt ended, as far as the state still knows (only the previous attempt's failure is kept). */
    private static String attemptOutcome(ActivityState activity, int attempt) {
        Failure last = activity.lastFailure();
        if (attempt != activity.attempt() - 1 || last == null) {
            return "timed out or failed";
        }
        return last.kind() == FailureKind.TIMEOUT
                ? "timed out (" + last.timeoutType() + ": " + last.message() + ")" : "failed";
    }

    /** The open activity {@code activityId} of a running run, or {@code NOT_FOUND} naming both. */
    private static ActivityState requireOpenActivity(MutableState state, String workflowId, String activityId) {
        RequestValidation.requireName(activityId, "Activity id", "pass the id of the activity");
        String where = "activity \"" + activityId + "\" of workflowId \"" + workflowId + "\", runId \""
                + state.key().runId() + "\"";
        if (!state.isRunning()) {
            throw EngineException.notFound("Activity not found: " + where + " (the workflow execution is "
                    + state.status() + ")");
        }
        ActivityState activity = state.activityById(activityId);
        if (activity == null) {
            throw EngineException.notFound("Activity not found: " + where + " (no open activity has this id; it"
                    + " completed, failed, timed out or was canceled, or never existed)");
        }
        return activity;
    }
}
