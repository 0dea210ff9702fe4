package io.reprise.engine.api;

import io.reprise.common.Payload;

/**
 * The answer to a query or an update: {@code result}, or {@code failure} when the handler threw.
 *
 * @param rejected for an update: it was refused before it was accepted (no handler of that name,
 *     or its validator threw), so the history has no trace of it
 */
public record MessageResult(Payload result, Failure failure, boolean rejected) {

    public static MessageResult success(Payload result) {
        return new MessageResult(result, null, false);
    }

    public static MessageResult failure(Failure failure) {
        return new MessageResult(null, failure, false);
    }

    public static MessageResult rejection(Failure failure) {
        return new MessageResult(null, failure, true);
    }

    public boolean isSuccess() {
        return failure == null;
    }
}
