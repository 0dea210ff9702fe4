package io.reprise.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.WorkflowClient;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.store.PostgresTestDatabase;
import io.reprise.testing.EngineHistory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM running a chain of activities with SIGKILL mid-chain, starts a new JVM on the same
 * SQLite file or PostgreSQL schema, and checks the workflow finishes correctly: no acknowledged step
 * runs twice and the history has no gap.
 */
class CrashRecoveryTest {

    /** {@code classid} of the store's advisory lock, {@code pg_try_advisory_lock(0x52505253, hashtext(schema))}. */
    private static final int POSTGRES_LOCK_CLASS = 0x52505253;

    @TempDir
    Path dir;

    enum StoreKind { SQLITE, POSTGRES }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aWorkflowKilledMidChainCompletesInANewProcessWithoutRepeatingCompletedSteps(StoreKind kind)
            throws Exception {
        String schema = kind == StoreKind.POSTGRES ? PostgresTestDatabase.newSchema() : null;
        try {
            killMidChainAndRecover(kind == StoreKind.POSTGRES
                    ? List.of("postgres", PostgresTestDatabase.url(), schema)
                    : List.of("sqlite", dir.resolve("reprise.db").toString()),
                    () -> kind == StoreKind.POSTGRES
                            ? JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                                    PostgresOptions.builder().schema(schema).build())
                            : JdbcExecutionStore.sqliteFile(dir.resolve("reprise.db")),
                    schema);
        } finally {
            if (schema != null) {
                PostgresTestDatabase.dropSchema(schema);
            }
        }
    }

    /**
     * @param store the child's store arguments
     * @param reopen opens the store in this JVM once the children are done
     * @param postgresSchema the PostgreSQL schema, whose advisory lock must go with the killed session; or null
     */
    private void killMidChainAndRecover(List<String> store, Supplier<JdbcExecutionStore> reopen,
            String postgresSchema) throws Exception {
        Path ledger = dir.resolve("ledger.txt");

        Process first = launch(store, ledger, 150);
        awaitLedgerLines(ledger, 3, first);
        if (postgresSchema != null) {
            assertThat(advisoryLockHeld(postgresSchema)).as("the first engine holds the schema's lock").isTrue();
        }
        long killedAt = System.nanoTime();
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(first.isAlive()).isFalse();
        List<Integer> beforeKill = stepsIn(ledger);
        if (postgresSchema != null) {
            // PostgreSQL ends the session when its socket closes with the process, and the lock with it.
            awaitLockReleased(postgresSchema);
            System.out.printf("CrashRecoveryTest: the killed engine's advisory lock was released %d ms after"
                    + " SIGKILL%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        }

        Process second = launch(store, ledger, 0);
        String output = readAll(second);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("second process finished").isTrue();

        String expected = IntStream.rangeClosed(1, ChainProcess.STEPS).mapToObj(String::valueOf)
                .collect(Collectors.joining());
        assertThat(output).contains("RECOVERING").contains("RESULT " + expected);

        int lastBeforeKill = beforeKill.get(beforeKill.size() - 1);
        Map<Integer, Long> runs = stepsIn(ledger).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        try (Engine engine = Engine.builder().store(reopen.get()).build()) {
            List<HistoryEvent> events = EngineHistory.events(
                    WorkflowClient.newInstance(engine).fetchHistory(ChainProcess.WORKFLOW_ID));
            // Step k+1 is scheduled only after step k's completion was committed, so every step before the
            // last one seen in the ledger at the kill had completed durably: each ran exactly once. The last
            // one ran again only if its completion was lost with the process; the engine then counted the
            // rerun as attempt 2, which its history records.
            List<Integer> attempts = completedAttemptsByStep(events);
            assertThat(attempts).as("the attempt that completed each step").hasSize(ChainProcess.STEPS);
            for (int step = 1; step <= ChainProcess.STEPS; step++) {
                long expectedRuns = step == lastBeforeKill ? attempts.get(step - 1) : 1L;
                assertThat(runs.get(step)).as("executions of step %d", step).isEqualTo(expectedRuns);
            }
            assertThat(runs.get(lastBeforeKill)).isBetween(1L, 2L);

            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).eventId()).as("event ids are dense").isEqualTo(i + 1);
            }
            assertThat(events.stream().filter(e -> e.eventType() == EventType.ActivityTaskCompleted).count())
                    .isEqualTo(ChainProcess.STEPS);
            assertThat(events.get(events.size() - 1).attributes())
                    .isInstanceOf(EventAttributes.WorkflowExecutionCompleted.class);
        }
    }

    /** The attempt number of each step's completed attempt, in step order (the chain runs one step at a time). */
    private static List<Integer> completedAttemptsByStep(List<HistoryEvent> events) {
        Map<Long, Integer> attemptByStartedEventId = new HashMap<>();
        for (HistoryEvent event : events) {
            if (event.attributes() instanceof EventAttributes.ActivityTaskStarted started) {
                attemptByStartedEventId.put(event.eventId(), started.attempt());
            }
        }
        List<Integer> attempts = new ArrayList<>();
        for (HistoryEvent event : events) {
            if (event.attributes() instanceof EventAttributes.ActivityTaskCompleted completed) {
                attempts.add(attemptByStartedEventId.get(completed.startedEventId()));
            }
        }
        return attempts;
    }

    private static Process launch(List<String> store, Path ledger, long delayMillis) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ChainProcess.class.getName(),
                ledger.toString(), String.valueOf(delayMillis)));
        command.addAll(store);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static boolean advisoryLockHeld(String schema) throws SQLException {
        try (Connection connection = PostgresTestDatabase.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM pg_locks"
                        + " WHERE locktype = 'advisory' AND granted AND classid = (?::bigint)::oid"
                        + " AND objid = ((hashtext(?)::bigint) & 4294967295)::oid AND objsubid = 2")) {
            query.setInt(1, POSTGRES_LOCK_CLASS);
            query.setString(2, schema);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static void awaitLockReleased(String schema) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (advisoryLockHeld(schema)) {
            assertThat(System.nanoTime()).as("waiting for PostgreSQL to release the killed engine's lock")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitLedgerLines(Path ledger, int lines, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(ledger) || Files.readAllLines(ledger).size() < lines) {
            if (!process.isAlive()) {
                throw new AssertionError("the first process exited early:\n" + readAll(process));
            }
            assertThat(System.nanoTime()).as("waiting for %d ledger lines", lines).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static List<Integer> stepsIn(Path ledger) throws IOException {
        List<Integer> steps = new ArrayList<>();
        for (String line : Files.readAllLines(ledger)) {
            steps.add(Integer.parseInt(line.substring("step-".length(), line.indexOf(' '))));
        }
        return steps;
    }

    private static String readAll(Process process) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
