package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.advance;
import static io.reprise.engine.store.TestExecutions.key;
import static io.reprise.engine.store.TestExecutions.start;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link SqliteStoreCrashTest}: opens the store file given as the first
 * argument, prints {@code open}, then commits transitions on several threads forever, printing
 * {@code <workflowId> <version>} once each commit has returned. The test kills it with SIGKILL.
 */
public final class StoreCrashChild {

    static final int THREADS = 4;

    public static void main(String[] args) throws Exception {
        JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(Path.of(args[0]), SqliteOptions.defaults());
        acknowledge("open");
        for (int t = 0; t < THREADS; t++) {
            String workflowId = "crash-" + t;
            Thread.ofPlatform().start(() -> {
                Transition transition = start(key(workflowId, "run-1"), 1000);
                while (true) {
                    store.commit(transition);
                    acknowledge(workflowId + " " + transition.row().version());
                    transition = advance(transition.row(), 2);
                }
            });
        }
        Thread.currentThread().join(); // until killed
    }

    private static synchronized void acknowledge(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
