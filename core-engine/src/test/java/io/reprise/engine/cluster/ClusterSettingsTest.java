package io.reprise.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void theDefaultsAreA6SecondLeaseRenewedEvery2SecondsOver64ShardsAndAGeneratedNodeId() {
        ClusterSettings defaults = ClusterSettings.defaults();

        assertThat(defaults.leaseDuration()).isEqualTo(Duration.ofSeconds(6));
        assertThat(defaults.renewalInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.shardCount()).isEqualTo(64);
        assertThat(defaults.nodeId()).matches(".+-" + ProcessHandle.current().pid() + "-[0-9a-f]{8}");
    }

    @Test
    void generatedNodeIdsDifferWithinOneProcess() {
        assertThat(ClusterSettings.defaults().nodeId()).isNotEqualTo(ClusterSettings.defaults().nodeId());
    }

    @Test
    void aRenewalLongerThanHalfTheLeaseIsRefusedNamingBoth() {
        assertThatThrownBy(() -> ClusterSettings.builder().leaseDuration(Duration.ofSeconds(10))
                .renewalInterval(Duration.ofSeconds(6)).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("renewalInterval must be at least 10 ms and at most half of leaseDuration (PT10S), so that"
                        + " one failed renewal loses no shard; got PT6S: shorten it or lengthen the lease");
    }

    @Test
    void aShardCountOutOfRangeIsRefused() {
        assertThatThrownBy(() -> ClusterSettings.builder().shardCount(0).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("shardCount must be between 1 and 4096, got 0 (the default is 64)");
        assertThatThrownBy(() -> ClusterSettings.builder().shardCount(4097).build())
                .hasMessage("shardCount must be between 1 and 4096, got 4097 (the default is 64)");
    }

    @Test
    void aBlankNodeIdIsRefused() {
        assertThatThrownBy(() -> ClusterSettings.builder().nodeId(" ").build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodeId must be 1 to 200 characters, not blank, got \" \": set another"
                        + " reprise.cluster.node-id, or leave it unset for a generated one");
    }

    @Test
    void theAdvertisedAddressIsNoneByDefaultAndMustBeHostColonPort() {
        assertThat(ClusterSettings.defaults().advertisedAddress()).isNull();
        assertThat(ClusterSettings.builder().advertisedAddress("10.0.0.7:7234").build().advertisedAddress())
                .isEqualTo("10.0.0.7:7234");
        assertThat(ClusterSettings.builder().advertisedAddress("[::1]:7234").build().advertisedAddress())
                .isEqualTo("[::1]:7234");
        assertThatThrownBy(() -> ClusterSettings.builder().advertisedAddress("node-a").build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("advertisedAddress must be host:port (the address of this node's internal gRPC service"
                        + " as the other nodes reach it, e.g. \"10.0.0.7:7234\" or \"[::1]:7234\"), got \"node-a\"");
    }
}
