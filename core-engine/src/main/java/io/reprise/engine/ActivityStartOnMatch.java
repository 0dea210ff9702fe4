package io.reprise.engine;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.history.ActivityState;
import io.reprise.engine.history.ActivityTaskStartedProcessor;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.TransitionContext;
import io.reprise.engine.matching.MatchingService;
import io.reprise.engine.matching.QueuedTask;
import io.reprise.engine.matching.ReservedPoller;
import io.reprise.engine.matching.TaskQueueId;
import io.reprise.engine.matching.TaskQueueKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts an activity attempt in the commit that makes it ready (the workflow task that scheduled
 * it, mostly) when a poller already waits on its queue: the poller is reserved before the commit,
 * the attempt is recorded there as started by it, and the poller gets the task once the commit is
 * durable. The start is as durable as when the poller commits it after taking the task
 * ({@link ActivityTaskHandler}), but takes no commit of its own and holds no poller during one: a
 * workflow of 3 activities takes 8 commits instead of 11 (docs/benchmarks.md, session 4).
 *
 * <p>Without a waiting poller the task is queued as before, and the poller that takes it commits
 * the start.
 */
final class ActivityStartOnMatch {

    /** An activity started in the pending commit, and the poller that gets it after the commit. */
    record Match(ReservedPoller poller, ActivityState activity) {
    }

    /** What a reserved poller is handed: the task, already started. */
    static final class StartedTask extends QueuedTask {
        final ActivityTask task;

        private StartedTask(ActivityTask task) {
            this.task = task;
        }
    }

    private final MatchingService matching;

    ActivityStartOnMatch(MatchingService matching) {
        this.matching = matching;
    }

    /**
     * Before the commit of {@code tx} (of a running run that stays open): starts each activity
     * ready for dispatch now whose queue has a waiting poller, by that poller. The caller commits
     * and then {@link #handOver hands the tasks over}, or {@link #release releases} the pollers.
     */
    List<Match> startOnWaitingPollers(TransitionContext tx) {
        List<Match> matches = null;
        MutableState state = tx.state();
        for (ActivityState activity : state.activities()) {
            // The input is in memory unless the run was reloaded since; then a poller reads it.
            if (!activity.isReadyForDispatch(tx.now()) || activity.input() == null) {
                continue;
            }
            ReservedPoller poller = matching.reserveWaitingPoller(
                    new TaskQueueId(state.key().namespace(), activity.taskQueue(), TaskQueueKind.ACTIVITY));
            if (poller == null) {
                continue;
            }
            ActivityTaskStartedProcessor.start(tx, activity, poller.identity());
            if (matches == null) {
                matches = new ArrayList<>(2);
            }
            matches.add(new Match(poller, activity));
        }
        return matches == null ? List.of() : matches;
    }

    /** After the commit: each reserved poller gets its task. */
    static void handOver(MutableState state, List<Match> matches) {
        int handed = 0;
        try {
            for (; handed < matches.size(); handed++) {
                Match match = matches.get(handed);
                match.poller.handOver(new StartedTask(activityTask(state, match.activity)));
            }
        } finally {
            // Only if building a task failed (a bug): its attempt stays started and times out.
            release(matches.subList(handed, matches.size()));
        }
    }

    /** The commit failed (the state is dropped with it): the pollers poll on. */
    static void release(List<Match> matches) {
        for (Match match : matches) {
            match.poller.release();
        }
    }

    /** The Activity Task of the started current attempt of {@code activity}. */
    static ActivityTask activityTask(MutableState state, ActivityState activity) {
        return new ActivityTask(
                TaskToken.activityTask(state.key(), activity.scheduledEventId(), activity.attempt()).encode(),
                state.key().namespace(), state.execution(), state.workflowType(), activity.activityId(),
                activity.activityType(), activity.taskQueue(), activity.input(), activity.scheduledTime(),
                activity.attemptScheduledTime(), activity.startedTime(), activity.attempt(),
                orZero(activity.scheduleToCloseTimeout()), orZero(activity.scheduleToStartTimeout()),
                orZero(activity.startToCloseTimeout()), orZero(activity.heartbeatTimeout()),
                activity.lastHeartbeatDetails(), activity.header());
    }

    private static Duration orZero(Duration duration) {
        return duration == null ? Duration.ZERO : duration;
    }
}

