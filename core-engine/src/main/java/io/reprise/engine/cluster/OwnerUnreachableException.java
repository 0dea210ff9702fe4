package io.reprise.engine.cluster;

import io.reprise.engine.api.EngineException;

/**
 * A delivery between runs could not reach the node that owns its target's shard: the node is down or unreachable,
 * no node owns the shard at the moment, or the node thought to own it refused twice as not owner. Nothing was
 * applied that a repeat would apply again (the deliveries carry request ids or are idempotent), so the delivery is
 * made again later. Code {@link Code#UNAVAILABLE}.
 */
public final class OwnerUnreachableException extends EngineException {

    public OwnerUnreachableException(String message, Throwable cause) {
        super(Code.UNAVAILABLE, message, cause);
    }
}
