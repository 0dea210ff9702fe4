package io.reprise.engine.store.schema4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.Payload;
import io.reprise.engine.api.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records are built from schema-4 data by component name: what a record gained since gets a default, what has no
 * sensible default stops the migration with a message naming it. The decoded events come from the golden store;
 * the records they are built into are test-only stand-ins for later versions of the event records.
 */
class RecordAssemblerTest {

    /** TimerStarted as a later build might have it: its three stored components moved, six new ones. */
    record TimerStartedLater(long workflowTaskCompletedEventId, String summary, List<String> tags,
            Map<String, Payload> header, Set<String> labels, int priority, boolean urgent, Long deadline,
            RetryPolicy retryPolicy, String timerId, Duration startToFireTimeout) {
    }

    /** A later TimerStarted whose new component must never be null. */
    record TimerStartedStrict(String timerId, Duration startToFireTimeout, long workflowTaskCompletedEventId,
            String owner) {
        TimerStartedStrict {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** A later TimerStarted without its stored startToFireTimeout. */
    record TimerStartedShorter(String timerId, long workflowTaskCompletedEventId) {
    }

    private static final String WHERE = "event TimerStarted (event 5 of default/timer-waiting/r)";

    @TempDir
    static Path directory;
    /** The fixture's first TimerStarted: timer "short", one minute, after WorkflowTaskCompleted 4. */
    private static DecodedRecord timerStarted;

    @BeforeAll
    static void decodeATimerStarted() throws Exception {
        Schema4Tables.StoredRun run = Schema4Fixture.runs(directory).stream()
                .filter(r -> r.row().key().workflowId().equals("timer-waiting")).findFirst().orElseThrow();
        timerStarted = run.history().stream()
                .flatMap(batch -> new Schema4Reader().decode(run.row().key(), batch).stream())
                .map(DecodedEvent::attributes).filter(a -> a.name().equals("TimerStarted")).findFirst().orElseThrow();
    }

    @Test
    void theDecodedEventHoldsTheStoredComponentsByName() {
        assertThat(timerStarted.components()).containsExactly(Map.entry("timerId", "short"),
                Map.entry("startToFireTimeout", Duration.ofMinutes(1)), Map.entry("workflowTaskCompletedEventId", 4L));
    }

    @Test
    void componentsTheDataLacksGetTheEmptyValueOfTheirType() {
        TimerStartedLater later = new RecordAssembler(MigrationDefaults.SCHEMA_4)
                .assemble(TimerStartedLater.class, timerStarted, WHERE);

        assertThat(later).isEqualTo(new TimerStartedLater(4, null, List.of(), Map.of(), Set.of(), 0, false, null,
                null, "short", Duration.ofMinutes(1)));
    }

    @Test
    void aComponentListedWithAValueGetsThatValue() {
        MigrationDefaults defaults = MigrationDefaults.builder()
                .value(TimerStartedLater.class, "priority", 3)
                .value(TimerStartedLater.class, "summary", "migrated")
                .build();

        TimerStartedLater later = new RecordAssembler(defaults).assemble(TimerStartedLater.class, timerStarted, WHERE);

        assertThat(later.priority()).isEqualTo(3);
        assertThat(later.summary()).isEqualTo("migrated");
        assertThat(later.timerId()).isEqualTo("short");
    }

    @Test
    void aComponentListedWithoutDefaultStopsTheMigrationNamingTheEventTheComponentAndItsType() {
        MigrationDefaults defaults = MigrationDefaults.builder()
                .withoutDefault(TimerStartedLater.class, "tags", "a timer's tags decide who is notified")
                .build();

        assertThatThrownBy(() -> new RecordAssembler(defaults).assemble(TimerStartedLater.class, timerStarted, WHERE))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessage("cannot migrate: event TimerStarted (event 5 of default/timer-waiting/r) component tags of"
                        + " type List<String> has no value in schema 4 data, and it has no default (a timer's tags"
                        + " decide who is notified): open the store with the last release that writes schema 4 and"
                        + " let its runs close before upgrading");
    }

    @Test
    void aRecordThatRefusesTheDefaultStopsTheMigrationNamingTheComponent() {
        assertThatThrownBy(() -> new RecordAssembler(MigrationDefaults.SCHEMA_4)
                .assemble(TimerStartedStrict.class, timerStarted, WHERE))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessageStartingWith("cannot migrate: event TimerStarted (event 5 of default/timer-waiting/r): this"
                        + " build's TimerStartedStrict refuses the values of schema 4 data with the defaults"
                        + " [owner = null] for the components it lacks (java.lang.NullPointerException: owner)")
                .hasMessageEndingWith("give those components a value for schema-4 data in MigrationDefaults.SCHEMA_4"
                        + " (io.reprise.engine.store.schema4)");
    }

    @Test
    void aStoredComponentTheRecordNoLongerHasStopsTheMigrationUnlessListedAsDropped() {
        assertThatThrownBy(() -> new RecordAssembler(MigrationDefaults.SCHEMA_4)
                .assemble(TimerStartedShorter.class, timerStarted, WHERE))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessageStartingWith("cannot migrate: event TimerStarted (event 5 of default/timer-waiting/r)"
                        + " component startToFireTimeout holds a Duration (PT1M) in schema 4 data, and this build's"
                        + " TimerStartedShorter has no component of that name: the value would be lost");

        MigrationDefaults defaults = MigrationDefaults.builder()
                .dropped(TimerStartedShorter.class, "startToFireTimeout", "the fire time is in the run's state")
                .build();
        assertThat(new RecordAssembler(defaults).assemble(TimerStartedShorter.class, timerStarted, WHERE))
                .isEqualTo(new TimerStartedShorter("short", 4));
    }

    @Test
    void aStoredValueOfAnotherTypeStopsTheMigrationNamingBoth() {
        record TimerStartedRetyped(String timerId, String startToFireTimeout, long workflowTaskCompletedEventId) {
        }

        assertThatThrownBy(() -> new RecordAssembler(MigrationDefaults.SCHEMA_4)
                .assemble(TimerStartedRetyped.class, timerStarted, WHERE))
                .isInstanceOf(CannotMigrateException.class)
                .hasMessage("cannot migrate: event TimerStarted (event 5 of default/timer-waiting/r) component"
                        + " startToFireTimeout holds a Duration (PT1M) in schema 4 data, where this build has a"
                        + " java.lang.String; convert it in RecordAssembler (io.reprise.engine.store.schema4)");
    }
}
