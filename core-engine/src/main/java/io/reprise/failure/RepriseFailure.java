package io.reprise.failure;

/**
 * Base of every failure that crosses the engine: it is recorded in history, survives
 * serialization with its whole cause chain, and reaches workflows and clients as the same type.
 *
 * <p>In workflow code, throwing a {@code RepriseFailure} (typically an {@link ApplicationFailure})
 * fails the Workflow Execution; any other exception fails only the Workflow Task, which is
 * retried, so a bug can be fixed and the execution continue.
 */
public abstract class RepriseFailure extends RuntimeException {

    private final String originalMessage;

    protected RepriseFailure(String message, String originalMessage, Throwable cause) {
        super(message, cause);
        this.originalMessage = originalMessage;
    }

    /** The message as given, without the decoration {@link #getMessage()} adds. */
    public String getOriginalMessage() {
        return originalMessage;
    }
}
