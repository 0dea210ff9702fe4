package io.reprise.worker;

/**
 * Replaying a Workflow Execution's history with the current code produced different commands
 * than the ones recorded. The message names the recorded event, the command the code produced
 * instead, and where in the code that command came from.
 */
public final class NonDeterministicException extends RuntimeException {

    public NonDeterministicException(String message) {
        super(message);
    }
}
