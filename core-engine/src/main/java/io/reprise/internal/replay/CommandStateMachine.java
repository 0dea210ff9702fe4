package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.HistoryEvent;

/**
 * The life of one command produced by workflow code: created, then recorded as its event,
 * then (for activities, timers, child workflows and external requests) resolved by later events.
 * Each subclass names the states of its command kind in an {@code enum State}, moves between them
 * only along the transitions drawn in its Javadoc, and refuses any other; commands with no life
 * after being recorded share {@link RecordOnlyStateMachine}. {@link #matches} is the determinism
 * check between a recorded event and the command the code produced in its place.
 */
abstract class CommandStateMachine {

    private final Command command;
    private final String origin;
    private boolean sent;
    /**
     * How many times the run's code had run when this command was made (see
     * {@link WorkflowStateMachines#checkEarlierCommandsRecorded}).
     */
    int generation;

    CommandStateMachine(Command command, String origin) {
        this.command = command;
        this.origin = origin;
    }

    Command command() {
        return command;
    }

    boolean isSent() {
        return sent;
    }

    void markSent() {
        sent = true;
    }

    /** Whether {@code event} is the recording of this command (same kind and identity). */
    abstract boolean matches(HistoryEvent event);

    /** The engine recorded this command as {@code event}. */
    abstract void onRecorded(HistoryEvent event);

    /** The command with its identifying attributes and the code location that produced it. */
    String describe() {
        return describeCommand() + (origin == null ? "" : " produced at " + origin);
    }

    abstract String describeCommand();
}
