package io.reprise.failure;

/** The operation was canceled. */
public final class CanceledFailure extends RepriseFailure {

    public CanceledFailure(String message, Throwable cause) {
        super(message, message, cause);
    }

    public CanceledFailure(String message) {
        this(message, null);
    }
}
