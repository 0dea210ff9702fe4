package io.reprise.engine.store;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Run by hand, never as a test: prints how many transitions per second a SQLite file store
 * (synchronous NORMAL) commits for 8 threads, each running workflows of 10 transitions (a
 * 300-byte state, a 400-byte history batch each), then the latency of lone commits.
 *
 * <pre>
 * mvn -q -pl core-engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.reprise.engine.store.StoreThroughputCheck [-Dexec.args="seconds [file]"]
 * </pre>
 */
public final class StoreThroughputCheck {

    private static final int THREADS = 8;
    private static final int TRANSITIONS_PER_WORKFLOW = 10;
    private static final byte[] STATE = new byte[300];
    private static final byte[] EVENTS = new byte[400];

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path temporary = args.length > 1 ? null : Files.createTempDirectory("reprise-throughput");
        Path file = temporary == null ? Path.of(args[1]) : temporary.resolve("reprise.db");
        ThreadLocalRandom.current().nextBytes(STATE);
        ThreadLocalRandom.current().nextBytes(EVENTS);
        try (JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(file, SqliteOptions.defaults())) {
            System.out.println("store: " + store + ", " + THREADS + " threads, "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            run(store, 2, "warm-up");
            run(store, seconds, "measured");
            loneCommitLatency(store, 2000);
        } finally {
            if (temporary != null) {
                try (Stream<Path> files = Files.walk(temporary)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    private static void run(JdbcExecutionStore store, int seconds, String label) throws InterruptedException {
        LongAdder committed = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        long batchesBefore = store.batchesWritten();
        for (int t = 0; t < THREADS; t++) {
            String prefix = label + "-" + t + "-";
            threads.add(Thread.ofPlatform().start(() -> {
                for (long workflow = 0; !stop.get(); workflow++) {
                    ExecutionKey key = new ExecutionKey("default", prefix + workflow, "run-1");
                    Transition transition = first(key);
                    store.commit(transition);
                    committed.increment();
                    for (int i = 1; i < TRANSITIONS_PER_WORKFLOW && !stop.get(); i++) {
                        transition = next(transition.row(), i == TRANSITIONS_PER_WORKFLOW - 1);
                        store.commit(transition);
                        committed.increment();
                    }
                }
            }));
        }
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        long writerCpuStart = writerCpuNanos();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        double writerCpu = (writerCpuNanos() - writerCpuStart) / 1e9;
        long total = committed.sum();
        long batches = store.batchesWritten() - batchesBefore;
        System.out.printf("%s: %,d transitions in %.1f s = %,.0f transitions/s (%,d batches, %.1f per batch;"
                        + " CPU per transition: %.0f µs in all, %.0f µs in the writer thread;"
                        + " this process used %.0f%% of %d cores)%n",
                label, total, elapsed, total / elapsed, batches, (double) total / batches,
                cpu * 1e6 / total, writerCpu * 1e6 / total, 100 * cpu / elapsed / Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long writerCpuNanos() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("reprise-store-writer"))
                .mapToLong(t -> ManagementFactory.getThreadMXBean().getThreadCpuTime(t.threadId()))
                .sum();
    }

    private static void loneCommitLatency(JdbcExecutionStore store, int commits) {
        long[] nanos = new long[commits];
        for (int i = 0; i < commits; i++) {
            Transition transition = first(new ExecutionKey("default", "lone-" + i, "run-1"));
            long start = System.nanoTime();
            store.commit(transition);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("lone commit latency: p50 %.0f µs, p99 %.0f µs%n",
                nanos[commits / 2] / 1e3, nanos[commits * 99 / 100] / 1e3);
    }

    private static Transition first(ExecutionKey key) {
        ExecutionRow row = new ExecutionRow(key, "OrderWorkflow", "orders", "RUNNING",
                System.currentTimeMillis(), null, null, 1, 3, STATE);
        return new Transition(row, 0, new HistoryBatch(1, 3, EVENTS));
    }

    private static Transition next(ExecutionRow previous, boolean last) {
        long closeTime = System.currentTimeMillis();
        ExecutionRow row = new ExecutionRow(previous.key(), previous.workflowType(), previous.taskQueue(),
                last ? "COMPLETED" : "RUNNING", previous.startTimeMillis(), last ? closeTime : null,
                last ? null : closeTime + 60_000, previous.version() + 1, previous.lastEventId() + 3, STATE);
        return new Transition(row, previous.version(), new HistoryBatch(previous.lastEventId() + 1, row.lastEventId(), EVENTS));
    }
}
