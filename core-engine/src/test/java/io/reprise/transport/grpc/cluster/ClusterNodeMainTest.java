package io.reprise.transport.grpc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.transport.grpc.GrpcEngineServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command line of {@link ClusterNodeMain}: its defaults, and bad arguments refused naming the fix. */
class ClusterNodeMainTest {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Test
    void theDefaultsAreThoseOfANodeAndTheServer() {
        ClusterNodeMain.Arguments a = ClusterNodeMain.Arguments.parse(new String[] {"--pg-url", URL});
        assertThat(a.pgUrl).isEqualTo(URL);
        assertThat(a.schema).isNull();
        assertThat(a.address).isEqualTo("127.0.0.1");
        assertThat(a.port).isEqualTo(GrpcEngineServer.DEFAULT_PORT);
        assertThat(a.internalAddress).isEqualTo("0.0.0.0");
        assertThat(a.internalPort).isEqualTo(ClusterEngineNode.DEFAULT_INTERNAL_PORT);
        assertThat(a.lease).isEqualTo(ClusterSettings.DEFAULT_LEASE_DURATION);
        assertThat(a.renewal).isEqualTo(ClusterSettings.DEFAULT_RENEWAL_INTERVAL);
        assertThat(a.shards).isEqualTo(ClusterSettings.DEFAULT_SHARD_COUNT);
        assertThat(a.allowPlaintext).isFalse();
        assertThat(a.stopOnStdinEof).isFalse();
        assertThat(ClusterNodeMain.Arguments.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void durationsTakeUnitsOrIso8601() {
        ClusterNodeMain.Arguments a = ClusterNodeMain.Arguments.parse(new String[] {"--pg-url", URL, "--lease", "3s",
                "--renewal", "500ms", "--stop-on-stdin-eof"});
        assertThat(a.lease).isEqualTo(Duration.ofSeconds(3));
        assertThat(a.renewal).isEqualTo(Duration.ofMillis(500));
        assertThat(a.stopOnStdinEof).isTrue();
        assertThat(ClusterNodeMain.Arguments.duration("--lease", "PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(ClusterNodeMain.Arguments.duration("--lease", "2m")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void badArgumentsAreRefusedNamingTheFix() {
        assertRefused(new String[] {}, "--pg-url is required: the cluster's PostgreSQL database, e.g. --pg-url"
                + " \"jdbc:postgresql://127.0.0.1:5432/app?user=reprise\"");
        assertRefused(new String[] {"--pg-url"}, "--pg-url needs a value, e.g. --pg-url"
                + " \"jdbc:postgresql://127.0.0.1:5432/app?user=reprise\"");
        assertRefused(new String[] {"--pg-url", URL, "--port", "70000"}, "--port 70000 is not a port; give 0 to"
                + " 65535 (0: any free port), e.g. --port 7444");
        assertRefused(new String[] {"--pg-url", URL, "--internal-port", "x"}, "--internal-port x is not a whole"
                + " number, e.g. --internal-port 7445");
        assertRefused(new String[] {"--pg-url", URL, "--lease", "soon"}, "--lease soon is not a duration; give e.g."
                + " --lease 6s (units ms, s, m, or ISO-8601 such as PT15S)");
        assertRefused(new String[] {"--pg-url", URL, "--shards", "many"}, "--shards many is not a whole number,"
                + " e.g. --shards 64");
        assertRefused(new String[] {"--pg-url", URL, "--colour", "blue"}, "Unknown argument --colour; see --help");
    }

    private static void assertRefused(String[] args, String message) {
        assertThatThrownBy(() -> ClusterNodeMain.Arguments.parse(args)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
