package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A store file killed with SIGKILL mid-commit keeps every transition it acknowledged. */
class SqliteStoreCrashTest {

    private static final int ACKNOWLEDGEMENTS_BEFORE_KILL = 400;

    @TempDir
    Path directory;

    @Test
    @Timeout(30)
    void everyAcknowledgedTransitionSurvivesAKill9() throws Exception {
        Path file = directory.resolve("reprise.db");
        Path childErrors = directory.resolve("child-stderr.txt");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp", System.getProperty("java.class.path"),
                        StoreCrashChild.class.getName(), file.toString())
                .redirectError(childErrors.toFile())
                .start();
        Map<String, Long> acknowledged = new HashMap<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("child stderr: %s", lazyRead(childErrors)).isEqualTo("open");

            // While the child runs, it holds the file.
            assertThatThrownBy(() -> JdbcExecutionStore.sqliteFile(file, SqliteOptions.defaults()))
                    .isExactlyInstanceOf(StoreException.class)
                    .hasMessageContaining("is already open in another process")
                    .hasMessageContaining("stop the other process or set a different store path")
                    .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.LOCKED);

            int count = 0;
            String line;
            while (count < ACKNOWLEDGEMENTS_BEFORE_KILL && (line = out.readLine()) != null) {
                record(acknowledged, line);
                count++;
            }
            // SIGKILL; unlike Process.destroyForcibly(), it leaves our end of the pipe open.
            child.toHandle().destroyForcibly();
            child.waitFor();
            while ((line = out.readLine()) != null) { // acknowledged before the kill, still in the pipe
                record(acknowledged, line);
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(acknowledged).as("child stderr: %s", lazyRead(childErrors)).hasSize(StoreCrashChild.THREADS);

        try (JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(file, SqliteOptions.defaults())) {
            for (Map.Entry<String, Long> entry : acknowledged.entrySet()) {
                ExecutionKey key = key(entry.getKey(), "run-1");
                ExecutionRow row = store.load(key).orElseThrow();
                assertThat(row.version()).as(entry.getKey()).isGreaterThanOrEqualTo(entry.getValue());
                List<HistoryBatch> history = store.readHistory(key, 1);
                assertThat(history).as(entry.getKey()).hasSize((int) row.version());
                long expectedFirst = 1;
                for (HistoryBatch batch : history) {
                    assertThat(batch.firstEventId()).isEqualTo(expectedFirst);
                    expectedFirst = batch.lastEventId() + 1;
                }
                assertThat(expectedFirst - 1).isEqualTo(row.lastEventId());
            }
        }
    }

    private static void record(Map<String, Long> acknowledged, String line) {
        String[] parts = line.split(" ");
        if (parts.length == 2 && !parts[1].isEmpty()) {
            acknowledged.merge(parts[0], Long.parseLong(parts[1]), Math::max);
        }
    }

    private static Object lazyRead(Path file) {
        return new Object() {
            @Override
            public String toString() {
                try {
                    return Files.readString(file);
                } catch (Exception e) {
                    return "(unreadable: " + e + ")";
                }
            }
        };
    }
}
