package io.reprise.engine.api;

/**
 * The engine refused a request. The {@link Code} says what kind of refusal (it maps one to one
 * onto gRPC status codes); the message names the problem and the fix. A refused request changed nothing.
 */
public class EngineException extends RuntimeException {

    /** Refusal kinds. */
    public enum Code {
        INVALID_ARGUMENT,
        NOT_FOUND,
        ALREADY_EXISTS,
        FAILED_PRECONDITION,
        DEADLINE_EXCEEDED,
        RESOURCE_EXHAUSTED,
        UNAVAILABLE,
        INTERNAL
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
