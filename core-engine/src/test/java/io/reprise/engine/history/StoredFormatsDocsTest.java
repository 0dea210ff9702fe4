package io.reprise.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/architecture.md states the format versions the codecs write. */
class StoredFormatsDocsTest {

    private static final Path ARCHITECTURE = Path.of("../docs/architecture.md");

    @Test
    void theArchitecturePageStatesTheSnapshotFormatStateCodecWrites() throws IOException {
        assertThat(Files.readString(ARCHITECTURE)).contains("`StateCodec` layout (format " + StateCodec.FORMAT + ":");
    }

    @Test
    void theArchitecturePageStatesTheBatchFormatEventCodecWrites() throws IOException {
        assertThat(Files.readString(ARCHITECTURE)).contains("`EventCodec`'s binary layout (format " + EventCodec.FORMAT
                + ",");
    }
}
