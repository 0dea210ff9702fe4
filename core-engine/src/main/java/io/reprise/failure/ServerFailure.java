package io.reprise.failure;

/** A failure raised by the engine itself (for example an activity type no worker has registered). */
public final class ServerFailure extends RepriseFailure {

    private final boolean nonRetryable;

    public ServerFailure(String message, boolean nonRetryable, Throwable cause) {
        super(message, message, cause);
        this.nonRetryable = nonRetryable;
    }

    public boolean isNonRetryable() {
        return nonRetryable;
    }
}
