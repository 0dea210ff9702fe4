package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes a run's history events, in order, and matches them against the state machines of the
 * commands its code produced. A command event (ActivityTaskScheduled, TimerStarted, …) must be the
 * recording of the oldest command not yet recorded: that is the determinism check. An event about
 * a recorded command (ActivityTaskCompleted, TimerFired, …) goes to its state machine, found by the
 * id of the event that recorded it. Events about the run itself (started, workflow task started,
 * signals, cancellation, updates, local activity markers) go to the {@link WorkflowRun}.
 */
final class WorkflowStateMachines {

    private final WorkflowRun run;
    /** Commands in the order the code produced them, until recorded. */
    private final ArrayDeque<CommandStateMachine> unmatched = new ArrayDeque<>();
    /** Activities by scheduled event id, until they close. */
    private final Map<Long, ActivityStateMachine> activities = new HashMap<>();
    /** Timers by timer id, from TimerStarted until they fire or their cancellation is recorded. */
    private final Map<String, TimerStateMachine> timers = new HashMap<>();
    /** Children by initiated event id, until they close. */
    private final Map<Long, ChildWorkflowStateMachine> children = new HashMap<>();
    /** Signals to and cancellations of other executions by initiated event id, until delivered. */
    private final Map<Long, ExternalWorkflowStateMachine> externals = new HashMap<>();
    private long lastEventId;
    /** How many times the code ran until blocked; tells commands of earlier tasks from those of this one. */
    private int codeRuns;
    /** While a query method or update validator runs: producing a command is an error. */
    private boolean readOnly;

    WorkflowStateMachines(WorkflowRun run) {
        this.run = run;
    }

    /** Id of the last event handled. */
    long lastEventId() {
        return lastEventId;
    }

    /**
     * Handles {@code events}, which must continue exactly where the last call stopped.
     *
     * @throws io.reprise.worker.NonDeterministicException when history and code disagree
     */
    void handleEvents(List<HistoryEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            HistoryEvent event = events.get(i);
            if (event.eventId() != lastEventId + 1) {
                throw new IllegalStateException("history of " + run.execution() + " continues at event "
                        + event.eventId() + " but the run has processed up to " + lastEventId);
            }
            lastEventId = event.eventId();
            handleEvent(events, i, event);
        }
    }

    /**
     * Dispatches on the event's type, an enum: a {@code tableswitch}, where a pattern switch over
     * the attributes' sealed type tests the cases one by one (about 40 for the events that carry
     * nothing for the code, which are a third of a history). Every type is named, none left to a
     * default, so that a new event type gets a decision here.
     */
    private void handleEvent(List<HistoryEvent> events, int index, HistoryEvent event) {
        switch (event.eventType()) {
            case WorkflowExecutionStarted -> run.onStarted(event, attributes(event,
                    EventAttributes.WorkflowExecutionStarted.class));
            case WorkflowTaskStarted -> run.onWorkflowTaskStarted(events, index, event);
            case ActivityTaskScheduled, TimerStarted, WorkflowExecutionCompleted, WorkflowExecutionFailed,
                    ActivityTaskCancelRequested, WorkflowExecutionCanceled, WorkflowExecutionContinuedAsNew,
                    StartChildWorkflowExecutionInitiated, SignalExternalWorkflowExecutionInitiated,
                    RequestCancelExternalWorkflowExecutionInitiated, WorkflowExecutionUpdateCompleted,
                    UpsertWorkflowSearchAttributes, WorkflowPropertiesModified -> match(event);
            case ActivityTaskStarted -> {
                var started = attributes(event, EventAttributes.ActivityTaskStarted.class);
                ActivityStateMachine sm = activities.get(started.scheduledEventId());
                if (sm != null) {
                    sm.onStarted(started);
                }
            }
            case ActivityTaskCompleted -> {
                var c = attributes(event, EventAttributes.ActivityTaskCompleted.class);
                activity(c.scheduledEventId(), event).onCompleted(event, c);
            }
            case ActivityTaskFailed -> {
                var f = attributes(event, EventAttributes.ActivityTaskFailed.class);
                activity(f.scheduledEventId(), event).onFailed(event, f);
            }
            case ActivityTaskTimedOut -> {
                var t = attributes(event, EventAttributes.ActivityTaskTimedOut.class);
                activity(t.scheduledEventId(), event).onTimedOut(event, t);
            }
            case ActivityTaskCanceled -> {
                var c = attributes(event, EventAttributes.ActivityTaskCanceled.class);
                activity(c.scheduledEventId(), event).onCanceled(event, c);
            }
            case TimerFired -> {
                var f = attributes(event, EventAttributes.TimerFired.class);
                timer(f.timerId(), event).onFired(event);
            }
            case TimerCanceled -> {
                match(event);
                timers.remove(attributes(event, EventAttributes.TimerCanceled.class).timerId());
            }
            case MarkerRecorded -> onMarker(event, attributes(event, EventAttributes.MarkerRecorded.class));
            case WorkflowExecutionSignaled -> run.onSignal(attributes(event,
                    EventAttributes.WorkflowExecutionSignaled.class));
            case WorkflowExecutionCancelRequested -> run.onCancelRequested(attributes(event,
                    EventAttributes.WorkflowExecutionCancelRequested.class));
            case WorkflowExecutionUpdateAccepted -> run.onUpdateAccepted(attributes(event,
                    EventAttributes.WorkflowExecutionUpdateAccepted.class));
            case ChildWorkflowExecutionStarted -> child(attributes(event,
                    EventAttributes.ChildWorkflowExecutionStarted.class).initiatedEventId(), event, false);
            case StartChildWorkflowExecutionFailed -> child(attributes(event,
                    EventAttributes.StartChildWorkflowExecutionFailed.class).initiatedEventId(), event, true);
            case ChildWorkflowExecutionCompleted -> child(attributes(event,
                    EventAttributes.ChildWorkflowExecutionCompleted.class).initiatedEventId(), event, true);
            case ChildWorkflowExecutionFailed -> child(attributes(event,
                    EventAttributes.ChildWorkflowExecutionFailed.class).initiatedEventId(), event, true);
            case ChildWorkflowExecutionCanceled -> child(attributes(event,
                    EventAttributes.ChildWorkflowExecutionCanceled.class).initiatedEventId(), event, true);
            case ChildWorkflowExecutionTimedOut -> child(attributes(event,
                    EventAttributes.ChildWorkflowExecutionTimedOut.class).initiatedEventId(), event, true);
            case ChildWorkflowExecutionTerminated -> child(attributes(event,
                    EventAttributes.ChildWorkflowExecutionTerminated.class).initiatedEventId(), event, true);
            case ExternalWorkflowExecutionSignaled -> external(attributes(event,
                    EventAttributes.ExternalWorkflowExecutionSignaled.class).initiatedEventId(), event);
            case SignalExternalWorkflowExecutionFailed -> external(attributes(event,
                    EventAttributes.SignalExternalWorkflowExecutionFailed.class).initiatedEventId(), event);
            case ExternalWorkflowExecutionCancelRequested -> external(attributes(event,
                    EventAttributes.ExternalWorkflowExecutionCancelRequested.class).initiatedEventId(), event);
            case RequestCancelExternalWorkflowExecutionFailed -> external(attributes(event,
                    EventAttributes.RequestCancelExternalWorkflowExecutionFailed.class).initiatedEventId(), event);
            case WorkflowTaskScheduled, WorkflowTaskCompleted, WorkflowTaskFailed, WorkflowTaskTimedOut,
                    WorkflowExecutionTimedOut, WorkflowExecutionTerminated -> {
                // Nothing the code reacts to.
            }
        }
    }

    /** The event's attributes, of the type its {@link HistoryEvent#eventType()} implies. */
    private static <T extends EventAttributes> T attributes(HistoryEvent event, Class<T> type) {
        return type.cast(event.attributes());
    }

    /**
     * A marker: this run's own marker command (matched like any command), or, on replay, the
     * recorded outcome of a local activity the code asked for (see {@link WorkflowRun}).
     */
    private void onMarker(HistoryEvent event, EventAttributes.MarkerRecorded marker) {
        CommandStateMachine next = unmatched.peekFirst();
        if (next instanceof MarkerStateMachine && next.matches(event)
                || !LocalActivityStateMachine.MARKER_NAME.equals(marker.markerName())) {
            match(event);
        } else {
            run.onLocalActivityMarker(event, marker);
        }
    }

    private void match(HistoryEvent event) {
        CommandStateMachine next = unmatched.peekFirst();
        if (next == null) {
            throw NonDeterminismReporter.noCommandFor(event);
        }
        if (!next.matches(event)) {
            throw NonDeterminismReporter.mismatch(event, next);
        }
        unmatched.removeFirst();
        next.onRecorded(event);
        if (next instanceof ActivityStateMachine activity) {
            activities.put(event.eventId(), activity);
        } else if (next instanceof TimerStateMachine timer) {
            timers.put(timer.timerId(), timer);
        } else if (next instanceof ChildWorkflowStateMachine child) {
            children.put(event.eventId(), child);
        } else if (next instanceof ExternalWorkflowStateMachine external) {
            externals.put(event.eventId(), external);
        }
    }

    private ActivityStateMachine activity(long scheduledEventId, HistoryEvent event) {
        ActivityStateMachine sm = activities.remove(scheduledEventId);
        if (sm == null) {
            throw NonDeterminismReporter.noSuchActivity(event, scheduledEventId);
        }
        return sm;
    }

    private TimerStateMachine timer(String timerId, HistoryEvent event) {
        TimerStateMachine timer = timers.remove(timerId);
        if (timer == null) {
            throw NonDeterminismReporter.noSuchTimer(event, timerId);
        }
        return timer;
    }

    private void child(long initiatedEventId, HistoryEvent event, boolean closes) {
        ChildWorkflowStateMachine child = closes ? children.remove(initiatedEventId) : children.get(initiatedEventId);
        if (child == null) {
            throw NonDeterminismReporter.noSuchChild(event, initiatedEventId);
        }
        child.onEvent(event);
    }

    private void external(long initiatedEventId, HistoryEvent event) {
        ExternalWorkflowStateMachine external = externals.remove(initiatedEventId);
        if (external == null) {
            throw NonDeterminismReporter.noSuchExternal(event, initiatedEventId);
        }
        external.onEvent(event);
    }

    // ---- the commands of the code ----

    /** Adds a command the code produced: sent with this workflow task, then expected in history in this order. */
    void add(CommandStateMachine sm) {
        if (readOnly) {
            checkNotReadOnly("produce a command (" + sm.describeCommand() + ")");
        }
        sm.generation = codeRuns;
        unmatched.addLast(sm);
    }

    /** Drops a command the code produced and canceled before it was sent. */
    void dropUnsent(CommandStateMachine sm) {
        unmatched.remove(sm);
    }

    /** The commands not sent yet, marked sent: what the workflow task completes with. */
    List<Command> takeUnsent() {
        List<Command> commands = new ArrayList<>();
        for (CommandStateMachine sm : unmatched) {
            if (!sm.isSent()) {
                sm.markSent();
                commands.add(sm.command());
            }
        }
        return commands;
    }

    /** The code ran until blocked: commands made from now on belong to the next run of the code. */
    void codeRan() {
        codeRuns++;
    }

    /**
     * The code is about to run for the workflow task started at {@code workflowTaskStarted}: the
     * commands it made in earlier tasks must be recorded by now. Commands made since, by events of
     * this task (a cancellation request canceling a timer), belong to this task.
     */
    void checkEarlierCommandsRecorded(HistoryEvent workflowTaskStarted) {
        for (CommandStateMachine sm : unmatched) {
            if (sm.generation < codeRuns) {
                throw NonDeterminismReporter.notRecordedBefore(sm, workflowTaskStarted);
            }
        }
    }

    /** After a whole closed history: every command the code produced must have been recorded. */
    void checkAllRecorded() {
        if (!unmatched.isEmpty()) {
            throw NonDeterminismReporter.notInHistory(unmatched.peekFirst(), lastEventId);
        }
    }

    boolean allRecorded() {
        return unmatched.isEmpty();
    }

    /** Forgets the commands not recorded: the run fails instead (WorkflowPanicPolicy.FAIL_WORKFLOW). */
    void clear() {
        unmatched.clear();
    }

    // ---- read-only: queries and update validators ----

    void readOnly(boolean on) {
        readOnly = on;
    }

    /**
     * @throws IllegalStateException while a query method or update validator runs: they must not
     *     change the run ({@code what} they tried)
     */
    void checkNotReadOnly(String what) {
        if (readOnly) {
            throw new IllegalStateException("A query method or update validator must only read the workflow's "
                    + "state, but it tried to " + what + "; do that in the workflow method, a signal or an update");
        }
    }
}
