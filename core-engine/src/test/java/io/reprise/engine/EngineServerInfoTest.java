package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.ServerInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code getServerInfo}: the release the build wrote, the capabilities of this API, the node and the store. */
class EngineServerInfoTest extends EngineTestBase {

    @Test
    void theEngineNamesItsReleaseCapabilitiesNodeAndStore() throws IOException {
        ServerInfo info = engine.getServerInfo();

        assertThat(info.version()).isEqualTo(projectVersion());
        assertThat(info.capabilities()).containsExactly(ServerInfo.HEADER, ServerInfo.PAGED_HISTORY,
                ServerInfo.REQUEST_ID);
        assertThat(info.has(ServerInfo.REQUEST_ID)).isTrue();
        assertThat(info.has("time-travel")).isFalse();
        assertThat(info.nodeId()).isEqualTo("engine-test");
        assertThat(info.storeKind()).isEqualTo(switch (storeKind) {
            case IN_MEMORY_DOUBLE -> "InMemoryExecutionStore";
            case SQLITE_FILE -> "sqlite";
            case POSTGRES -> "postgres";
        });
    }

    /** The version in the root pom: the one the build filled into the resource {@code EngineVersion} reads. */
    private static String projectVersion() throws IOException {
        String pom = Files.readString(Path.of("../pom.xml"));
        Matcher version = Pattern.compile("<artifactId>reprise-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).as("the root pom's version").isTrue();
        assertThat(version.group(1)).isNotBlank().doesNotContain("$");
        return version.group(1);
    }
}
