package io.reprise.engine.history;

import io.reprise.engine.api.Command;

/**
 * Turns one kind of command into its event. Every command of a completion is validated before
 * any is applied, so a bad command changes nothing.
 */
interface CommandProcessor<C extends Command> {

    /** How the command is named in error messages, e.g. {@code ScheduleActivityTask "ChargeCard"}. */
    String label(C command);

    /** The problem with the command in the current state, or {@code null} when it is valid. */
    String validate(C command, CommandCheck check);

    /** Records the command's event and changes the state accordingly. */
    void apply(C command, TransitionContext tx, long workflowTaskCompletedEventId);

    /** Whether the command closes the run (nothing may follow it). */
    default boolean closesRun() {
        return false;
    }
}
