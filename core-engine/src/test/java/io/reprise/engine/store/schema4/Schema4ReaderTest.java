package io.reprise.engine.store.schema4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.MutableStateProjection;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.HistoryBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schema-4 reader reads every history batch and run snapshot of the golden store as the build that wrote it
 * read them. The comparison goes through the frozen components only ({@link FrozenProjection},
 * {@code MutableStateProjection}), so it holds while the records gain components.
 */
class Schema4ReaderTest {

    @TempDir
    static Path directory;
    private static List<Schema4Tables.StoredRun> runs;
    private static Map<ExecutionKey, JsonNode> expected;
    private final Schema4Reader reader = new Schema4Reader();

    @BeforeAll
    static void readTheFixture() throws Exception {
        runs = Schema4Fixture.runs(directory);
        expected = Schema4Fixture.expected();
    }

    @Test
    void theFixtureHoldsEveryRunTheExpectedRenderingHas() {
        assertThat(runs).extracting(run -> run.row().key()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(runs).hasSize(30);
    }

    @Test
    void everyHistoryBatchReadsAsTheHistoryTheLastSchema4BuildRead() {
        for (Schema4Tables.StoredRun run : runs) {
            ExecutionKey key = run.row().key();
            List<HistoryEvent> history = new ArrayList<>();
            for (HistoryBatch batch : run.history()) {
                history.addAll(reader.history(key, batch));
            }
            assertThat(Schema4Fixture.canonical(FrozenProjection.events(history))).as("history of %s", key)
                    .isEqualTo(Schema4Fixture.canonical(expected.get(key).get("history")));
        }
    }

    @Test
    void everySnapshotReadsAsTheStateTheLastSchema4BuildRead() {
        for (Schema4Tables.StoredRun run : runs) {
            MutableState state = reader.state(run.row());
            assertThat(Schema4Fixture.canonical(MutableStateProjection.of(state))).as("state of %s", run.row().key())
                    .isEqualTo(Schema4Fixture.canonical(expected.get(run.row().key()).get("state")));
        }
    }

    @Test
    void theRowsAndBatchSpansAreReadAsStored() {
        for (Schema4Tables.StoredRun run : runs) {
            JsonNode want = expected.get(run.row().key());
            ExecutionRow row = run.row();
            JsonNode columns = want.get("row");
            assertThat(List.of(row.workflowType(), row.taskQueue(), row.status(), row.startTimeMillis(),
                    String.valueOf(row.closeTimeMillis()), String.valueOf(row.nextTimerAtMillis()), row.version(),
                    row.lastEventId()))
                    .as("row of %s", row.key())
                    .containsExactly(columns.get("workflowType").asString(), columns.get("taskQueue").asString(),
                            columns.get("status").asString(), columns.get("startTime").asLong(),
                            columns.get("closeTime").asString("null"), columns.get("nextTimerAt").asString("null"),
                            columns.get("version").asLong(), columns.get("lastEventId").asLong());
            List<String> spans = run.history().stream().map(b -> b.firstEventId() + ".." + b.lastEventId() + " "
                    + (b.events()[0] == '[' ? "json" : "binary")).toList();
            List<String> wantSpans = new ArrayList<>();
            want.get("batches").forEach(b -> wantSpans.add(b.get("firstEventId").asLong() + ".."
                    + b.get("lastEventId").asLong() + " " + b.get("form").asString()));
            assertThat(spans).as("batches of %s", row.key()).isEqualTo(wantSpans);
        }
    }

    @Test
    void theFixtureCoversBothBatchFormsAndMostEventTypes() {
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        Set<String> forms = new TreeSet<>();
        for (Schema4Tables.StoredRun run : runs) {
            for (HistoryBatch batch : run.history()) {
                forms.add(batch.events()[0] == '[' ? "json" : "binary");
                reader.history(run.row().key(), batch).forEach(event -> seen.add(event.eventType()));
            }
        }
        assertThat(forms).containsExactly("binary", "json");
        // The child outcomes other than completion are the same layouts as ChildWorkflowExecutionCompleted's
        // neighbours; the frozen table and FrozenLayoutsTest cover every type.
        assertThat(EnumSet.complementOf(EnumSet.copyOf(seen))).containsExactlyInAnyOrder(
                EventType.ChildWorkflowExecutionFailed, EventType.ChildWorkflowExecutionCanceled,
                EventType.ChildWorkflowExecutionTimedOut, EventType.ChildWorkflowExecutionTerminated);
    }

    @Test
    void aJsonBatchLackingComponentsOfLaterReleasesGetsTheirDefaults() {
        Schema4Tables.StoredRun run = run("json-batches");
        HistoryBatch batch = run.history().get(0);
        assertThat(batch.events()[0]).isEqualTo((byte) '[');
        ArrayNode events = (ArrayNode) HistoryJson.mapper().readTree(batch.events());
        ObjectNode started = (ObjectNode) events.get(0).get("attributes");
        assertThat(started.remove(List.of("memo", "searchAttributes", "parentExecution", "initiator")))
                .isSameAs(started);
        HistoryBatch older = new HistoryBatch(batch.firstEventId(), batch.lastEventId(),
                HistoryJson.mapper().writeValueAsBytes(events));

        HistoryEvent event = reader.history(run.row().key(), older).get(0);

        EventAttributes.WorkflowExecutionStarted attributes = event.attributes(
                EventAttributes.WorkflowExecutionStarted.class);
        assertThat(attributes.memo()).isEmpty();
        assertThat(attributes.searchAttributes()).isEmpty();
        assertThat(attributes.parentExecution()).isNull();
        assertThat(attributes.initiator()).isNull();
        assertThat(attributes.workflowType()).isEqualTo("FixtureWorkflow");
        assertThat(event).isEqualTo(reader.history(run.row().key(), batch).get(0));
    }

    // ---------------------------------------------------------------- data that is not schema 4

    @Test
    void aBatchWrittenWithAnotherLayoutIsRefusedNamingTheRecordAndWhatToDo() {
        HistoryBatch batch = firstBinaryBatch();
        byte[] bytes = batch.events().clone();
        int layout = indexOf(bytes, "WorkflowExecutionStarted") + "WorkflowExecutionStarted".length();
        bytes[layout] ^= 0x01;

        assertThatThrownBy(() -> reader.history(key(), new HistoryBatch(batch.firstEventId(), batch.lastEventId(),
                bytes)))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessageStartingWith("cannot migrate: the history batch of events 1..2 of run default/timer-waiting/")
                .hasMessageContaining("event 1 (WorkflowExecutionStarted) was written with layout 0x78a76562, not the"
                        + " schema-4 layout 0x79a76562 of WorkflowExecutionStarted")
                .hasMessageEndingWith("run its workflows to completion with that build, then open the store with this"
                        + " one");
    }

    @Test
    void aBatchNamingARecordNoSchema4BuildWroteIsRefused() {
        HistoryBatch batch = firstBinaryBatch();
        byte[] bytes = batch.events().clone();
        int name = indexOf(bytes, "WorkflowExecutionStarted");
        bytes[name + "WorkflowExecutionStarted".length() - 1] = 'x';

        assertThatThrownBy(() -> reader.decode(key(), new HistoryBatch(1, 2, bytes)))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessageContaining("event 1 is a \"WorkflowExecutionStartex\", a record no schema-4 release wrote");
    }

    @Test
    void aTruncatedOrOverlongBatchIsRefusedAsCorrupt() {
        byte[] bytes = firstBinaryBatch().events();

        assertThatThrownBy(() -> reader.decode(key(), new HistoryBatch(1, 2, Arrays.copyOf(bytes, bytes.length - 3))))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessageContaining("ends early")
                .hasMessageEndingWith("it is truncated or corrupt; restore the store from a backup");
        assertThatThrownBy(() -> reader.decode(key(), new HistoryBatch(1, 2, Arrays.copyOf(bytes, bytes.length + 2))))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessageContaining("has 2 bytes after its 2 events: it is corrupt");
        assertThatThrownBy(() -> reader.decode(key(), new HistoryBatch(1, 3, bytes)))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessageContaining("the history batch of events 1..3 of run default/timer-waiting/")
                .hasMessageContaining("holds 2 events: it is corrupt");
    }

    @Test
    void aBatchOfAnotherFormatIsRefused() {
        byte[] bytes = firstBinaryBatch().events().clone();
        bytes[0] = 2;

        assertThatThrownBy(() -> reader.decode(key(), new HistoryBatch(1, 2, bytes)))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessageContaining("starts with format byte 2, but schema-4 batches are binary (format 1) or a"
                        + " JSON event list");
    }

    @Test
    void aSnapshotOfAnotherFormatOrCutShortIsRefused() {
        ExecutionRow row = run("timer-waiting").row();
        byte[] format2 = row.state().clone();
        format2[0] = 2;

        assertThatThrownBy(() -> reader.state(withState(row, format2)))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessage("cannot migrate: the snapshot of run " + Schema4Reader.describe(row.key())
                        + " has format 2, but schema-4 snapshots have format 3; the row holds something a release"
                        + " of Reprise did not write: restore the store from a backup");
        assertThatThrownBy(() -> reader.state(withState(row, Arrays.copyOf(row.state(), 40))))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessageEndingWith("ends early: it is truncated or corrupt; restore the store from a backup");
    }

    private static Schema4Tables.StoredRun run(String workflowId) {
        return runs.stream().filter(run -> run.row().key().workflowId().equals(workflowId)).findFirst().orElseThrow();
    }

    private static ExecutionKey key() {
        return run("timer-waiting").row().key();
    }

    /** timer-waiting's first batch: WorkflowExecutionStarted and WorkflowTaskScheduled. */
    private static HistoryBatch firstBinaryBatch() {
        return run("timer-waiting").history().get(0);
    }

    private static ExecutionRow withState(ExecutionRow row, byte[] state) {
        return new ExecutionRow(row.key(), row.workflowType(), row.taskQueue(), row.status(), row.startTimeMillis(),
                row.closeTimeMillis(), row.nextTimerAtMillis(), row.version(), row.lastEventId(), state,
                row.visibility());
    }

    private static int indexOf(byte[] bytes, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " is not in the batch");
    }
}
