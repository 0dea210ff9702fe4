package io.reprise.transport.grpc.cluster;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.cluster.NodeAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines of the other nodes, one client (a channel) per node address, made on first use and closed when the
 * node leaves the directory's live nodes or the router closes.
 */
final class PeerEngines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerEngines.class);

    private final Function<NodeAddress, ? extends EngineService> connector;
    private final Map<NodeAddress, EngineService> byAddress = new ConcurrentHashMap<>();
    private volatile boolean closed;

    PeerEngines(Function<NodeAddress, ? extends EngineService> connector) {
        this.connector = connector;
    }

    /** The engine of {@code node}: its internal gRPC service, which serves its own engine only. */
    EngineService of(NodeAddress node) {
        if (closed) {
            throw new EngineException(EngineException.Code.UNAVAILABLE, "This node's cluster router is closed; call"
                    + " another node");
        }
        return byAddress.computeIfAbsent(node, connector);
    }

    /** Closes the clients of the nodes not in {@code live} (they left, or moved to another address). */
    void retain(Collection<NodeAddress> live) {
        Set<NodeAddress> keep = new HashSet<>(live);
        for (NodeAddress node : Set.copyOf(byAddress.keySet())) {
            if (!keep.contains(node)) {
                close(node, byAddress.remove(node));
            }
        }
    }

    /** How many clients are open (for tests). */
    int size() {
        return byAddress.size();
    }

    @Override
    public void close() {
        closed = true;
        for (NodeAddress node : Set.copyOf(byAddress.keySet())) {
            close(node, byAddress.remove(node));
        }
    }

    private static void close(NodeAddress node, EngineService engine) {
        if (engine == null) {
            return;
        }
        try {
            engine.close();
        } catch (RuntimeException e) {
            log.warn("Could not close the client of node {} at {}", node.nodeId(), node.target(), e);
        }
    }
}
