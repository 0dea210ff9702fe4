package io.reprise.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.benchmark.EngineBenchmark.Settings;
import io.reprise.benchmark.EngineBenchmark.StoreType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's command line: the cluster options of issue 12 and what they refuse. */
class EngineBenchmarkSettingsTest {

    @Test
    void withoutClusterOptionsNoNodesRun() {
        Settings s = Settings.parse(new String[] {"--store", "sqlite,postgres", "--transport", "both"});

        assertThat(s.nodes()).isEmpty();
        assertThat(s.lease()).isNull();
        assertThat(s.workersOnEveryNode()).isFalse();
        assertThat(s.stores()).containsExactly(StoreType.SQLITE, StoreType.POSTGRES);
    }

    @Test
    void nodesLeaseAndWorkersAreParsed() {
        Settings s = Settings.parse(new String[] {"--store", "postgres", "--nodes", "1, 2,3", "--lease", "3s",
                "--workers", "every"});

        assertThat(s.nodes()).isEqualTo(List.of(1, 2, 3));
        assertThat(s.lease()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ClusterEngines.renewal(s.lease())).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.workersOnEveryNode()).isTrue();
        assertThat(s.on(StoreType.POSTGRES).nodes()).isEqualTo(List.of(1, 2, 3));
    }

    @Test
    void leaseInMillisecondsAndIsoForm() {
        assertThat(Settings.parse(new String[] {"--store", "postgres", "--nodes", "2", "--lease", "1500ms"}).lease())
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(Settings.parse(new String[] {"--store", "postgres", "--nodes", "2", "--lease", "PT6S"}).lease())
                .isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void nodesNeedPostgresOnly() {
        assertThatThrownBy(() -> Settings.parse(new String[] {"--nodes", "2"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add --store postgres");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--store", "sqlite,postgres", "--nodes", "2"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PostgreSQL only");
    }

    @Test
    void badNodeCountsAreRefusedWithAnExample() {
        for (String bad : List.of("0", "two", "1,,2", "-1")) {
            assertThatThrownBy(() -> Settings.parse(new String[] {"--store", "postgres", "--nodes", bad}))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--nodes expects node counts of at least 1")
                    .hasMessageContaining("--nodes 1,2,3");
        }
    }

    @Test
    void leaseAndWorkersNeedNodes() {
        assertThatThrownBy(() -> Settings.parse(new String[] {"--store", "postgres", "--lease", "3s"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add --nodes");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--store", "postgres", "--workers", "every"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add --nodes");
    }

    @Test
    void badLeaseAndWorkersAreRefused() {
        assertThatThrownBy(() -> Settings.parse(new String[] {"--store", "postgres", "--nodes", "2", "--lease",
                "3"})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("such as 3s");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--store", "postgres", "--nodes", "2", "--lease",
                "100ms"})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 300ms");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--store", "postgres", "--nodes", "2", "--workers",
                "all"})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one")
                .hasMessageContaining("every");
    }

    @Test
    void helpListsTheClusterOptions() {
        assertThat(Settings.parse(new String[] {"--help"})).isNull();
        assertThat(Settings.USAGE).contains("--nodes N[,M,...]", "--lease DURATION", "--workers one|every");
    }
}
