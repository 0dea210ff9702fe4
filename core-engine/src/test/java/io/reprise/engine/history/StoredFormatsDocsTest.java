package io.reprise.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.proto.v1.HistoryBatch;
import io.reprise.engine.proto.v1.RunSnapshot;
import io.reprise.engine.proto.v1.RunVisibility;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/architecture.md names the proto v1 messages the store's columns hold, as the codecs write them. */
class StoredFormatsDocsTest {

    private static final Path ARCHITECTURE = Path.of("../docs/architecture.md");

    @Test
    void theStateColumnIsStatedAsTheRunSnapshotStateCodecWrites() throws IOException {
        assertThat(columnRow("state")).contains("`" + RunSnapshot.getDescriptor().getFullName() + "`");
    }

    @Test
    void theEventsColumnIsStatedAsTheHistoryBatchEventCodecWrites() throws IOException {
        assertThat(columnRow("events")).contains("`" + HistoryBatch.getDescriptor().getFullName() + "`");
    }

    @Test
    void theVisibilityColumnIsStatedAsTheRunVisibilityMessage() throws IOException {
        assertThat(columnRow("visibility")).contains("`" + RunVisibility.getDescriptor().getFullName() + "`");
    }

    /** The row of the stores' column table that describes {@code column}. */
    private static String columnRow(String column) throws IOException {
        List<String> rows = Files.readAllLines(ARCHITECTURE).stream()
                .filter(line -> line.strip().startsWith("| `" + column + "` |")).toList();
        assertThat(rows).as("docs/architecture.md has one row for the column %s", column).hasSize(1);
        return rows.get(0);
    }
}
