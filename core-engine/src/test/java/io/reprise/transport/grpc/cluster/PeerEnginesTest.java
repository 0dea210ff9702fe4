package io.reprise.transport.grpc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.cluster.NodeAddress;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The clients of the other nodes: one per node address, closed when the node leaves and when the router closes. */
class PeerEnginesTest {

    static final NodeAddress B = new NodeAddress("node-b", "10.0.0.2:7445");
    static final NodeAddress C = new NodeAddress("node-c", "10.0.0.3:7445");

    final List<NodeAddress> made = new CopyOnWriteArrayList<>();
    final List<NodeAddress> closed = new CopyOnWriteArrayList<>();
    final PeerEngines peers = new PeerEngines(node -> {
        made.add(node);
        return (EngineService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {EngineService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closed.add(node);
                    }
                    return null;
                });
    });

    @Test
    void aNodesClientIsMadeOnceOnFirstUse() {
        EngineService first = peers.of(B);

        assertThat(peers.of(B)).isSameAs(first);
        assertThat(made).containsExactly(B);
    }

    @Test
    void theClientOfANodeThatLeftOrMovedIsClosed() {
        peers.of(B);
        peers.of(C);

        peers.retain(List.of(C));
        NodeAddress movedC = new NodeAddress("node-c", "10.0.0.9:7445");
        peers.retain(List.of(movedC));

        assertThat(closed).containsExactly(B, C);
        assertThat(peers.size()).isZero();
    }

    @Test
    void closingClosesEveryClientAndRefusesNewCalls() {
        peers.of(B);
        peers.of(C);

        peers.close();

        assertThat(closed).containsExactlyInAnyOrder(B, C);
        assertThatThrownBy(() -> peers.of(B)).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE));
    }
}
