package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;

/** A user timer reached its fire time: TimerFired, then a workflow task. */
final class TimerFiredProcessor {

    private TimerFiredProcessor() {
    }

    static void fire(TransitionContext tx, TimerState timer) {
        tx.state().timers.remove(timer.timerId());
        tx.appendForWorkflow(new EventAttributes.TimerFired(timer.timerId(), timer.startedEventId()));
        WorkflowTasks.scheduleIfNeeded(tx);
    }
}
