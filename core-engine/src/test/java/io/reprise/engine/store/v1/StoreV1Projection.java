package io.reprise.engine.store.v1;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.history.EventCodec;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.RunSnapshotMapper;
import io.reprise.engine.history.StateCodec;
import io.reprise.engine.proto.HistoryEventMapper;
import io.reprise.engine.proto.VisibilityMapper;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.HistoryBatch;
import io.reprise.engine.store.JdbcExecutionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a build reads the golden store of schema 5 ({@code golden/store-v1.sqlite}), rendered so that every later build
 * renders the same: each event, snapshot and visibility value as this build's records mapped to their proto v1
 * message, in protobuf's text format on one line. The text format shows the fields that are set and nothing else, so
 * a field a later build adds, absent from the stored data, does not show (unless its mapping gives it a value that is
 * not its default, which is a change of what the stored data means and should show).
 */
final class StoreV1Projection {

    static final String STORE = "/golden/store-v1.sqlite";
    static final String EXPECTED = "/golden/store-v1.expected.json";

    private static final TextFormat.Printer TEXT = TextFormat.printer().emittingSingleLine(true);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StoreV1Projection() {
    }

    /** One run as read from {@code store}: its row's columns, batch spans, history, snapshot and visibility. */
    static ObjectNode run(ExecutionStore store, ExecutionKey key) {
        ExecutionRow row = store.load(key).orElseThrow();
        ObjectNode run = NODES.objectNode();
        run.put("namespace", key.namespace());
        run.put("workflowId", key.workflowId());
        run.put("runId", key.runId());
        ObjectNode columns = run.putObject("row");
        columns.put("workflowType", row.workflowType());
        columns.put("taskQueue", row.taskQueue());
        columns.put("status", row.status());
        columns.put("startTime", row.startTimeMillis());
        columns.put("closeTime", row.closeTimeMillis());
        columns.put("nextTimerAt", row.nextTimerAtMillis());
        columns.put("version", row.version());
        columns.put("lastEventId", row.lastEventId());
        ArrayNode batches = run.putArray("batches");
        for (HistoryBatch batch : store.readHistory(key, 1)) {
            batches.add(batch.firstEventId() + ".." + batch.lastEventId());
        }
        ArrayNode history = run.putArray("history");
        for (HistoryEvent event : EventCodec.read(store, key, 1, row.lastEventId())) {
            history.add(text(HistoryEventMapper.toProto(event)));
        }
        MutableState state = StateCodec.fromRow(row);
        run.put("state", text(RunSnapshotMapper.toSnapshot(state)));
        run.put("visibility", text(VisibilityMapper.toProto(state.visibility())));
        return run;
    }

    /** The rendering of every run of the store file {@code fixture} (read from a copy), in key order. */
    static String expected(Path fixture) throws Exception {
        Path copy = Files.createTempDirectory("store-v1-read").resolve("reprise.db");
        Files.copy(fixture, copy);
        ObjectNode root = NODES.objectNode();
        root.put("fixture", "store-v1.sqlite");
        root.put("writtenBy", "Reprise store schema 5 (proto v1), written by StoreV1FixtureGenerator");
        ArrayNode runs = root.putArray("runs");
        try (JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(copy)) {
            for (ExecutionKey key : keys(copy)) {
                runs.add(run(store, key));
            }
        }
        return HistoryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    /** Every run's key, in namespace, Workflow Id, start time and Run Id order. */
    static List<ExecutionKey> keys(Path file) throws Exception {
        List<ExecutionKey> keys = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT namespace, workflow_id, run_id FROM executions"
                        + " ORDER BY namespace, workflow_id, start_time, run_id")) {
            while (rs.next()) {
                keys.add(new ExecutionKey(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return keys;
    }

    /** The committed expected rendering, by key. */
    static Map<ExecutionKey, JsonNode> expected() {
        try (InputStream in = StoreV1Projection.class.getResourceAsStream(EXPECTED)) {
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

    private static String text(Message message) {
        return TEXT.printToString(message);
    }
}
