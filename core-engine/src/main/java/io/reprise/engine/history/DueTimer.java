package io.reprise.engine.history;

import java.time.Instant;

/**
 * Something of a run that happens at a point in time, with the processor that handles it. The
 * engine arms one timer per run for the earliest of them and, when it fires, handles every item
 * that is due, in order of {@link #due}, then event id, then {@link #rank}.
 */
public sealed interface DueTimer {

    /** When it is due. */
    Instant due();

    /** The event it belongs to (for a deterministic order among items due at the same time). */
    long eventId();

    /** Among items of the same event due at the same time, lower goes first. */
    default int rank() {
        return 0;
    }

    /**
     * Whether it only makes a task available for dispatch (the engine dispatches available tasks
     * after every step); such items change nothing that needs committing.
     */
    default boolean dispatchOnly() {
        return false;
    }

    /** Applies it to the run. */
    void fire(TransitionContext tx);

    /** Something due for one activity; it belongs to the activity's ActivityTaskScheduled event. */
    sealed interface ActivityDueTimer extends DueTimer {
        ActivityState activity();

        @Override
        default long eventId() {
            return activity().scheduledEventId;
        }
    }

    /** The run (or execution) timeout. */
    record RunTimeout(Instant due) implements DueTimer {
        @Override
        public long eventId() {
            return 1;
        }

        @Override
        public void fire(TransitionContext tx) {
            WorkflowExecutionTimedOutProcessor.timeOut(tx);
        }
    }

    /** The started workflow task's Start-To-Close timeout. */
    record WorkflowTaskStartToClose(Instant due, long eventId) implements DueTimer {
        @Override
        public void fire(TransitionContext tx) {
            WorkflowTaskTimedOutProcessor.timeOut(tx);
        }
    }

    /** The scheduled workflow task has waited on a sticky queue for too long. */
    record StickyScheduleToStart(Instant due, long eventId) implements DueTimer {
        @Override
        public void fire(TransitionContext tx) {
            StickyQueueTimeoutProcessor.moveToNormalQueue(tx);
        }
    }

    /** The retry backoff of a failed workflow task ended. */
    record WorkflowTaskAvailable(Instant due, long eventId) implements DueTimer {
        @Override
        public boolean dispatchOnly() {
            return true;
        }

        @Override
        public void fire(TransitionContext tx) {
        }
    }

    /** The retry backoff of an activity ended. */
    record ActivityAvailable(Instant due, ActivityState activity) implements ActivityDueTimer {
        @Override
        public boolean dispatchOnly() {
            return true;
        }

        @Override
        public void fire(TransitionContext tx) {
        }
    }

    record ActivityScheduleToClose(Instant due, ActivityState activity) implements ActivityDueTimer {
        @Override
        public int rank() {
            return 1;
        }

        @Override
        public void fire(TransitionContext tx) {
            ActivityScheduleToCloseTimeoutProcessor.timeOut(tx, activity);
        }
    }

    record ActivityScheduleToStart(Instant due, ActivityState activity) implements ActivityDueTimer {
        @Override
        public int rank() {
            return 2;
        }

        @Override
        public void fire(TransitionContext tx) {
            ActivityScheduleToStartTimeoutProcessor.timeOut(tx, activity);
        }
    }

    record ActivityStartToClose(Instant due, ActivityState activity) implements ActivityDueTimer {
        @Override
        public int rank() {
            return 3;
        }

        @Override
        public void fire(TransitionContext tx) {
            ActivityAttemptFailedProcessor.timeOutStartToClose(tx, activity);
        }
    }

    /** The started attempt sent no heartbeat within its Heartbeat Timeout. */
    record ActivityHeartbeat(Instant due, ActivityState activity) implements ActivityDueTimer {
        @Override
        public int rank() {
            return 4;
        }

        @Override
        public void fire(TransitionContext tx) {
            ActivityAttemptFailedProcessor.timeOutHeartbeat(tx, activity);
        }
    }

    record UserTimer(Instant due, TimerState timer) implements DueTimer {
        @Override
        public long eventId() {
            return timer.startedEventId();
        }

        @Override
        public void fire(TransitionContext tx) {
            TimerFiredProcessor.fire(tx, timer);
        }
    }
}
