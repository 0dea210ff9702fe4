package io.reprise.engine.store.schema4;

import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.store.ExecutionKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The golden schema-4 store of test resources ({@code golden/store-schema4.sqlite}, see the README there) read
 * with plain SQL, and what the build that wrote it read from it ({@code golden/store-schema4.expected.json}).
 */
final class Schema4Fixture {

    static final String STORE = "/golden/store-schema4.sqlite";
    static final String EXPECTED = "/golden/store-schema4.expected.json";

    private Schema4Fixture() {
    }

    /** Every stored run, read from a copy of the fixture in {@code directory}. */
    static List<Schema4Tables.StoredRun> runs(Path directory) throws SQLException {
        Path copy = directory.resolve("store-schema4.sqlite");
        try (InputStream in = Schema4Fixture.class.getResourceAsStream(STORE)) {
            Files.copy(in, copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
            if (Schema4Tables.schemaVersion(connection) != Schema4Tables.SCHEMA_VERSION) {
                throw new IllegalStateException(STORE + " is not at schema 4");
            }
            return Schema4Tables.runs(connection);
        }
    }

    /** The expected rendering of each run, by key. */
    static Map<ExecutionKey, JsonNode> expected() {
        try (InputStream in = Schema4Fixture.class.getResourceAsStream(EXPECTED)) {
            Map<ExecutionKey, JsonNode> runs = new LinkedHashMap<>();
            for (JsonNode run : HistoryJson.mapper().readTree(in).get("runs")) {
                runs.put(new ExecutionKey(run.get("namespace").asString(), run.get("workflowId").asString(),
                        run.get("runId").asString()), run);
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON text in one canonical form, so that a rendering and its parsed copy compare equal. */
    static String canonical(JsonNode node) {
        return HistoryJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(HistoryJson.mapper().readTree(HistoryJson.mapper().writeValueAsString(node)));
    }
}
