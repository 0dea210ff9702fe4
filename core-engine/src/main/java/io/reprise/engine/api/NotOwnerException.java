package io.reprise.engine.api;

import java.util.Optional;

/**
 * A cluster node refused a call about a run because it does not own the run's shard (it never did, it lost the
 * lease, or it released it). Nothing was changed. Code {@link Code#UNAVAILABLE}: the call may be retried, sent to
 * {@link #ownerNodeId()} when known, which is how a node routing a call recognises a wrong guess.
 */
public final class NotOwnerException extends EngineException {

    private final int shard;
    private final String ownerNodeId;

    /**
     * @param shard the shard of the run the call was about
     * @param ownerNodeId the node that owns the shard as far as the refusing node knows, or {@code null}
     */
    public NotOwnerException(int shard, String ownerNodeId, String message) {
        super(Code.UNAVAILABLE, message);
        this.shard = shard;
        this.ownerNodeId = ownerNodeId;
    }

    public int shard() {
        return shard;
    }

    /** The node that owns the shard as far as the refusing node knows; empty when no node does or it is unknown. */
    public Optional<String> ownerNodeId() {
        return Optional.ofNullable(ownerNodeId);
    }
}
