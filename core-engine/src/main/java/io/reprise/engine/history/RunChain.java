package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes.ContinueAsNewInitiator;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.RetryDecision;
import io.reprise.engine.cron.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What follows a closing run (Temporal's rules): a failure or run timeout is retried per the
 * workflow's retry policy (attempt + 1, after the policy's backoff, while the execution timeout
 * allows); otherwise a cron workflow's next run starts at the schedule's next fire time (also
 * after a failure: a failed run does not stop the schedule). Cancellation and termination end the chain.
 */
final class RunChain {

    private RunChain() {
    }

    /** Whether a run that failed with {@code failure} (or timed out: {@code failure == null}) is retried. */
    static RetryDecision retryDecision(MutableState state, Failure failure, Instant now) {
        Duration remaining = state.executionExpirationTime == null ? null
                : Duration.between(now, state.executionExpirationTime);
        return RetryDecision.decide(state.retryPolicy, state.attempt, failure, remaining);
    }

    /** The retry of a failed or timed-out run. */
    static NextRun retry(MutableState state, Duration backoff) {
        return next(state, state.input, state.workflowType, state.taskQueue, state.runTimeout,
                state.workflowTaskTimeout, state.attempt + 1, ContinueAsNewInitiator.RETRY, backoff, state.header);
    }

    /** The next run of a cron workflow, at the schedule's first fire time after {@code now}; {@code null} when none. */
    static NextRun nextCronRun(MutableState state, Instant now) {
        if (state.cronSchedule == null) {
            return null;
        }
        Duration backoff = cronBackoff(state.cronSchedule, now);
        if (backoff == null || state.executionExpirationTime != null
                && !now.plus(backoff).isBefore(state.executionExpirationTime)) {
            return null;
        }
        return next(state, state.input, state.workflowType, state.taskQueue, state.runTimeout,
                state.workflowTaskTimeout, 1, ContinueAsNewInitiator.CRON_SCHEDULE, backoff, state.header);
    }

    /** The wait from {@code now} to the schedule's next fire time, or {@code null} when it never fires again. */
    static Duration cronBackoff(String cronSchedule, Instant now) {
        Instant fire = CronSchedule.parse(cronSchedule).nextAfter(now);
        return fire == null ? null : Duration.between(now, fire);
    }

    /** The run the workflow code continues as, with the command's header (the workflow code carries context on). */
    static NextRun continueAsNew(MutableState state, String workflowType, String taskQueue, List<Payload> input,
            Duration runTimeout, Duration taskTimeout, Map<String, Payload> header) {
        return next(state, input, workflowType != null ? workflowType : state.workflowType,
                taskQueue != null ? taskQueue : state.taskQueue, runTimeout != null ? runTimeout : state.runTimeout,
                taskTimeout != null ? taskTimeout : state.workflowTaskTimeout, 1, ContinueAsNewInitiator.WORKFLOW,
                Duration.ZERO, header);
    }

    private static NextRun next(MutableState state, List<Payload> input, String workflowType, String taskQueue,
            Duration runTimeout, Duration taskTimeout, int attempt, ContinueAsNewInitiator initiator,
            Duration backoff, Map<String, Payload> header) {
        return new NextRun(StartWorkflowProcessor.newRunId(), workflowType, taskQueue, input, state.executionTimeout,
                state.executionExpirationTime, runTimeout, taskTimeout, state.retryPolicy, state.cronSchedule, attempt,
                state.firstExecutionRunId != null ? state.firstExecutionRunId : state.key.runId(), state.key.runId(),
                initiator, backoff, null, state.parentExecution, state.visibility, header);
    }
}
