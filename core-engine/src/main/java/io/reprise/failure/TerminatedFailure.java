package io.reprise.failure;

/** The Workflow Execution was terminated; no workflow code ran after that. */
public final class TerminatedFailure extends RepriseFailure {

    public TerminatedFailure(String message, Throwable cause) {
        super(message, message, cause);
    }
}
