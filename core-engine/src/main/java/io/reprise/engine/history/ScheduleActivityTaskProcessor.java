package io.reprise.engine.history;

import io.reprise.common.RetryOptions;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RetryPolicy;
import java.time.Duration;

/**
 * ScheduleActivityTask → ActivityTaskScheduled, recorded with the effective options:
 * <ul>
 *   <li>with a Schedule-To-Close timeout: Start-To-Close = min(Start-To-Close or ∞, Schedule-To-Close)
 *       and Schedule-To-Start = min(Schedule-To-Start or ∞, Schedule-To-Close);</li>
 *   <li>without one: Start-To-Close is required, Schedule-To-Close is unlimited, Schedule-To-Start
 *       is as given or unlimited;</li>
 *   <li>Heartbeat, when set, = min(Heartbeat, Start-To-Close);</li>
 *   <li>task queue: the workflow's; retry policy: {@link RetryOptions#DEFAULT} (unset fields of a
 *       given policy take their defaults); activity id: the scheduled event id.</li>
 * </ul>
 * Unlimited timeouts are recorded as {@code null}.
 */
final class ScheduleActivityTaskProcessor implements CommandProcessor<Command.ScheduleActivityTask> {

    static final ScheduleActivityTaskProcessor INSTANCE = new ScheduleActivityTaskProcessor();
    static final RetryPolicy DEFAULT_RETRY_POLICY = RetryPolicy.DEFAULT;

    @Override
    public String label(Command.ScheduleActivityTask command) {
        return "ScheduleActivityTask \"" + command.activityType() + "\"";
    }

    @Override
    public String validate(Command.ScheduleActivityTask command, CommandCheck check) {
        String problem = firstProblem(
                Checks.requiredName(command.activityType(), "activityType", "set the activity type name"),
                Checks.optionalName(command.activityId(), "activityId"),
                Checks.optionalName(command.taskQueue(), "taskQueue"),
                Checks.optionalTimeout(command.scheduleToCloseTimeout(), "scheduleToCloseTimeout"),
                Checks.optionalTimeout(command.scheduleToStartTimeout(), "scheduleToStartTimeout"),
                Checks.optionalTimeout(command.startToCloseTimeout(), "startToCloseTimeout"),
                Checks.optionalTimeout(command.heartbeatTimeout(), "heartbeatTimeout"));
        if (problem != null) {
            return problem;
        }
        if (command.startToCloseTimeout() == null && command.scheduleToCloseTimeout() == null) {
            return "one of startToCloseTimeout or scheduleToCloseTimeout is required";
        }
        problem = Checks.retryPolicy(command.retryPolicy(), "retryPolicy");
        if (problem != null) {
            return problem;
        }
        String activityId = command.activityId();
        if (activityId != null && !activityId.isBlank()) {
            Long open = check.state.activityIds.get(activityId);
            if (open != null) {
                return "activityId \"" + activityId + "\" is already used by an open activity (scheduledEventId "
                        + open + "); use a different activity id";
            }
            if (!check.activityIds.add(activityId)) {
                return "activityId \"" + activityId + "\" is used by an earlier command of this workflow task;"
                        + " use a different activity id";
            }
        }
        problem = Checks.payloads(command.input(), "input", check.maxPayloadSize());
        return problem != null ? problem : Checks.header(command.header(), "header", check.maxPayloadSize());
    }

    @Override
    public void apply(Command.ScheduleActivityTask command, TransitionContext tx, long workflowTaskCompletedEventId) {
        MutableState state = tx.state();
        Duration scheduleToClose = command.scheduleToCloseTimeout();
        Duration scheduleToStart = command.scheduleToStartTimeout();
        Duration startToClose = command.startToCloseTimeout();
        if (scheduleToClose != null) {
            startToClose = min(startToClose, scheduleToClose);
            scheduleToStart = min(scheduleToStart, scheduleToClose);
        }
        Duration heartbeat = command.heartbeatTimeout() == null ? null : min(command.heartbeatTimeout(), startToClose);
        String activityId = blank(command.activityId()) ? Long.toString(tx.nextEventId()) : command.activityId();
        String taskQueue = blank(command.taskQueue()) ? state.taskQueue : command.taskQueue();
        RetryPolicy retryPolicy = withDefaults(command.retryPolicy());

        HistoryEvent scheduled = tx.append(new EventAttributes.ActivityTaskScheduled(activityId,
                command.activityType(), taskQueue, command.input(), scheduleToClose, scheduleToStart, startToClose,
                heartbeat, retryPolicy, workflowTaskCompletedEventId, command.header()));
        ActivityState activity = new ActivityState(scheduled.eventId(), activityId, command.activityType(),
                taskQueue, scheduleToClose, scheduleToStart, startToClose, heartbeat, retryPolicy, tx.now());
        activity.input = command.input();
        activity.header = command.header();
        state.addActivity(activity);
    }

    /** Unset fields (null, or 0 for the coefficient) take the defaults of {@link RetryOptions}. */
    static RetryPolicy withDefaults(RetryPolicy policy) {
        if (policy == null) {
            return DEFAULT_RETRY_POLICY;
        }
        if (policy.initialInterval() != null && policy.maximumInterval() != null && policy.backoffCoefficient() != 0) {
            return policy;
        }
        Duration initial = policy.initialInterval() != null ? policy.initialInterval()
                : DEFAULT_RETRY_POLICY.initialInterval();
        double coefficient = policy.backoffCoefficient() != 0 ? policy.backoffCoefficient()
                : DEFAULT_RETRY_POLICY.backoffCoefficient();
        Duration maximum = policy.maximumInterval() != null ? policy.maximumInterval() : initial.multipliedBy(100);
        return new RetryPolicy(initial, coefficient, maximum, policy.maximumAttempts(), policy.nonRetryableErrorTypes());
    }

    private static Duration min(Duration value, Duration cap) {
        return value == null || value.compareTo(cap) > 0 ? cap : value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String firstProblem(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
