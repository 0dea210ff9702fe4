package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One transition of one run in the making: the processors append events and change the state
 * through it; the engine then commits it as one store transaction and, only once that succeeded,
 * runs its effects (dispatch tasks, arm timers, wake waiters).
 */
public final class TransitionContext {

    private final MutableState state;
    private final Instant now;
    private final HistorySettings settings;
    private final List<HistoryEvent> events = new ArrayList<>(4);
    private boolean stateChanged;
    private boolean closedRun;
    private boolean workflowTaskRequested;
    private NextRun successor;

    public TransitionContext(MutableState state, Instant now, HistorySettings settings) {
        this.state = state;
        this.now = now;
        this.settings = settings;
    }

    public MutableState state() {
        return state;
    }

    /** The transition's time: the events it appends carry it (an ActivityTaskStarted: the attempt's start). */
    public Instant now() {
        return now;
    }

    public HistorySettings settings() {
        return settings;
    }

    /** The events appended, in order. */
    public List<HistoryEvent> events() {
        return events;
    }

    /** Whether there is anything to commit: events, or durable state changed without events. */
    public boolean needsCommit() {
        return stateChanged || !events.isEmpty();
    }

    /** Whether this transition closed the run. */
    public boolean closedRun() {
        return closedRun;
    }

    /** The id the next appended event will get. */
    long nextEventId() {
        return state.nextEventId;
    }

    /** Appends an event to the history. */
    HistoryEvent append(EventAttributes attributes) {
        return append(attributes, now);
    }

    HistoryEvent append(EventAttributes attributes, Instant eventTime) {
        HistoryEvent event = new HistoryEvent(state.nextEventId++, eventTime, attributes);
        events.add(event);
        return event;
    }

    /**
     * Records an event the workflow code must see. While a workflow task is started the event is
     * buffered (and {@code 0} returned): it is written after that task closes.
     *
     * @return the id of the event, or {@code 0} when buffered
     */
    long appendForWorkflow(EventAttributes attributes) {
        return appendForWorkflow(attributes, now);
    }

    /** {@link #appendForWorkflow(EventAttributes)} with another time than the transition's. */
    long appendForWorkflow(EventAttributes attributes, Instant eventTime) {
        WorkflowTaskState task = state.workflowTask;
        if (task != null && task.isStarted()) {
            state.bufferedEvents.add(new HistoryEvent(0, eventTime, attributes));
            stateChanged = true;
            return 0;
        }
        return append(attributes, eventTime).eventId();
    }

    /** Marks a change of durable state that appends no event (for example an activity retry). */
    void stateChanged() {
        stateChanged = true;
    }

    /** A command recorded something the workflow must see: schedule a workflow task after the completion. */
    void requestWorkflowTask() {
        workflowTaskRequested = true;
    }

    boolean workflowTaskRequested() {
        return workflowTaskRequested;
    }

    void runClosed() {
        closedRun = true;
    }

    /** The run closed and {@code next} follows it: the engine starts it in the same commit. */
    void runClosed(NextRun next) {
        closedRun = true;
        successor = next;
    }

    /** The run that follows the one this transition closed, or {@code null}. */
    public NextRun successor() {
        return successor;
    }
}
