package io.reprise.transport.grpc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.cluster.NodeAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The routing table: which engine a call about a run goes to, and where after a wrong guess. */
class ShardRoutesTest {

    static final NodeAddress A = new NodeAddress("node-a", "127.0.0.1:1");
    static final NodeAddress B = new NodeAddress("node-b", "127.0.0.1:2");
    static final NodeAddress C = new NodeAddress("node-c", "127.0.0.1:3");

    final StaticShardDirectory directory = new StaticShardDirectory("node-a", 6, List.of(A, B, C));
    final ShardRoutes routes = new ShardRoutes(directory);

    @Test
    void aShardOfThisNodeIsLocalAndAShardOfAnotherGoesToItsOwner() {
        assertThat(routes.ofShard(0)).isEqualTo(new ShardRoute.Local(0));
        assertThat(routes.ofShard(1)).isEqualTo(new ShardRoute.Remote(1, B));
        assertThat(routes.ofShard(5)).isEqualTo(new ShardRoute.Remote(5, C));
    }

    @Test
    void aRunIsRoutedByTheShardOfItsNamespaceAndWorkflowId() {
        int shard = directory.shardOf("default", "order-17");

        assertThat(routes.of("default", "order-17").shard()).isEqualTo(shard);
        assertThat(routes.of("default", "order-17")).isEqualTo(routes.ofShard(shard));
    }

    @Test
    void aShardWithoutOwnerIsUnowned() {
        directory.move(4, null);

        assertThat(routes.ofShard(4)).isEqualTo(new ShardRoute.Unowned(4));
    }

    @Test
    void aStaleDirectoryNamingThisNodeRoutesLocallySoThatTheEngineRefusesIt() {
        directory.move(1, new NodeAddress("node-a", "127.0.0.1:1"));

        assertThat(routes.ofShard(1)).isEqualTo(new ShardRoute.Local(1));
    }

    @Test
    void afterAWrongGuessTheCallGoesToTheOwnerTheRefusingNodeNamed() {
        assertThat(routes.afterWrongGuess(new NotOwnerException(1, "node-c", "not mine")))
                .isEqualTo(new ShardRoute.Remote(1, C));
        assertThat(routes.afterWrongGuess(new NotOwnerException(1, "node-a", "not mine")))
                .isEqualTo(new ShardRoute.Local(1));
    }

    @Test
    void afterAWrongGuessNamingNoOwnerOrAnUnknownNodeTheDirectoryDecides() {
        assertThat(routes.afterWrongGuess(new NotOwnerException(2, null, "not mine")))
                .isEqualTo(new ShardRoute.Remote(2, C));
        assertThat(routes.afterWrongGuess(new NotOwnerException(2, "node-gone", "not mine")))
                .isEqualTo(new ShardRoute.Remote(2, C));
        directory.move(2, null);
        assertThat(routes.afterWrongGuess(new NotOwnerException(2, null, "not mine")))
                .isEqualTo(new ShardRoute.Unowned(2));
    }
}
