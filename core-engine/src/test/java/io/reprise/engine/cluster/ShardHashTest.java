package io.reprise.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The shard of a run is a promise kept across versions, JVMs and platforms: these values were computed once (and
 * checked against an independent implementation of the documented hash in Python) and must never change.
 */
class ShardHashTest {

    @Test
    void knownPairsKeepTheirHashAndShard() {
        assertThat(ShardHash.hash("default", "order-1")).isEqualTo(0x40b2e66238a3eff2L);
        assertThat(ShardHash.hash("default", "order-2")).isEqualTo(0x2feb0601f2b7297fL);
        assertThat(ShardHash.hash("", "")).isEqualTo(0x4d33a93727192487L);
        assertThat(ShardHash.hash("default", "été-日本")).isEqualTo(0x9dbb6b25ae12c082L);

        assertThat(ShardHash.shardOf("default", "order-1", 64)).isEqualTo(50);
        assertThat(ShardHash.shardOf("default", "order-2", 64)).isEqualTo(63);
        assertThat(ShardHash.shardOf("default", "order-2", 1000)).isEqualTo(87);
        assertThat(ShardHash.shardOf("payments", "invoice-2026-0001", 64)).isEqualTo(33);
        assertThat(ShardHash.shardOf("default", "été-日本", 64)).isEqualTo(2);
    }

    @Test
    void theNamespaceAndTheWorkflowIdAreNotRunTogether() {
        assertThat(ShardHash.hash("ab", "c")).isEqualTo(0xf29799539e021e40L);
        assertThat(ShardHash.hash("a", "bc")).isEqualTo(0x0ad6422944915fb0L);
    }

    @Test
    void consecutiveWorkflowIdsSpreadEvenlyOver64Shards() {
        int[] counts = new int[64];
        for (int i = 0; i < 64_000; i++) {
            counts[ShardHash.shardOf("default", "order-" + i, 64)]++;
        }
        // 1000 expected per shard; the binomial's standard deviation is about 31.
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(850, 1150));
    }

    @Test
    void aShardCountBelowOneIsRefused() {
        assertThatThrownBy(() -> ShardHash.shardOf("default", "order-1", 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("shardCount must be at least 1, got 0");
    }
}
