package io.reprise.engine.api;

/**
 * The engine refused a request. The {@link Code} says what kind of refusal (it maps one to one
 * onto gRPC status codes); the message names the problem and the fix. A refused request changed nothing.
 */
public class EngineException extends RuntimeException {

    /** Refusal kinds. */
    public enum Code {
        /** A bad request: an id, option, payload or command; the message names it and the fix. */
        INVALID_ARGUMENT,
        /** No such execution, task (or no longer current), or namespace. */
        NOT_FOUND,
        /** A start with a Workflow Id that is taken, or a namespace registered twice. */
        ALREADY_EXISTS,
        /** Not thrown by the embedded engine; reserved for the remote transport. */
        FAILED_PRECONDITION,
        /** A wait for a query or update result ended at its deadline. */
        DEADLINE_EXCEEDED,
        /** Not thrown by the embedded engine; reserved for the remote transport. */
        RESOURCE_EXHAUSTED,
        /** The store failed or the engine is closed; retrying later may succeed. */
        UNAVAILABLE,
        /** A broken invariant inside the engine: a bug. */
        INTERNAL,
        /**
         * Not thrown by the embedded engine; used by the remote transport: the call carried no credentials, or
         * ones the server does not accept (a missing or wrong token, an unknown client certificate).
         */
        UNAUTHENTICATED,
        /**
         * Not thrown by the embedded engine; used by the remote transport: the caller is known but its role does
         * not allow this call on this namespace (e.g. a worker's token asking to terminate).
         */
        PERMISSION_DENIED,
        /**
         * Not thrown by the embedded engine; used by the remote transport: the call was cancelled (by its caller,
         * or by the server while shutting down) before it completed; whether it took effect is unknown, so a
         * retry should carry the same request id.
         */
        CANCELLED
    }

    private final Code code;

    public EngineException(Code code, String message) {
        this(code, message, null);
    }

    public EngineException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code getCode() {
        return code;
    }

    public static EngineException invalidArgument(String message) {
        return new EngineException(Code.INVALID_ARGUMENT, message);
    }

    public static EngineException notFound(String message) {
        return new EngineException(Code.NOT_FOUND, message);
    }
}
