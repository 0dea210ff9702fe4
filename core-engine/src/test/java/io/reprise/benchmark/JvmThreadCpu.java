package io.reprise.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of this JVM's own threads, by what they do: the JIT compiler's threads and the garbage collector's,
 * read from {@code /proc/self/task} (Linux; elsewhere nothing is known). Java's management API does not see these
 * threads, and on a machine of two cores they compete with the engine while the JIT warms up, so the benchmark
 * shows how much of a run's process CPU went to them.
 */
final class JvmThreadCpu {

    /** Clock ticks per second of {@code /proc/<pid>/task/<tid>/stat}'s utime and stime ({@code USER_HZ}). */
    private static final double TICKS_PER_SECOND = 100;

    /** Per thread id, the ticks used so far, of the compiler's and the collector's threads. */
    private final Map<String, Long> compilerTicks = new HashMap<>();
    private final Map<String, Long> collectorTicks = new HashMap<>();
    private final boolean known;

    private JvmThreadCpu(boolean known) {
        this.known = known;
    }

    /** What the compiler's and the collector's threads have used up to now. */
    static JvmThreadCpu now() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return new JvmThreadCpu(false);
        }
        JvmThreadCpu snapshot = new JvmThreadCpu(true);
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                snapshot.read(thread);
            }
        } catch (IOException e) {
            return new JvmThreadCpu(false);
        }
        return snapshot;
    }

    private void read(Path thread) {
        String stat;
        try {
            stat = Files.readString(thread.resolve("stat"));
        } catch (IOException e) {
            return; // the thread ended meanwhile
        }
        String name = name(stat);
        String id = thread.getFileName().toString();
        if (isCompiler(name)) {
            compilerTicks.put(id, ticks(stat));
        } else if (isCollector(name)) {
            collectorTicks.put(id, ticks(stat));
        }
    }

    /** The thread's name in a {@code stat} line, "tid (name) state ppid ...": it may hold spaces and parentheses. */
    static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** User and system ticks of a {@code stat} line: its fields 14 and 15 (utime, stime). */
    static long ticks(String stat) {
        // Split after the name's last ')': field 3 (the state) is then at 0, fields 14 and 15 at 11 and 12.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** HotSpot's JIT compiler threads, "C1 CompilerThread0" and so on, cut to 15 characters by Linux. */
    static boolean isCompiler(String name) {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** G1's threads: "GC Thread#0", "G1 Main Marker", "G1 Conc#0", "G1 Refine#0", "G1 Service". */
    static boolean isCollector(String name) {
        return name.startsWith("GC Thread") || name.startsWith("G1 ");
    }

    /**
     * Milliseconds of CPU the compiler's and the collector's threads used since {@code earlier}, as
     * {@code [compiler, collector]}, or {@code null} when not known. A thread that ended meanwhile (the JVM adds and
     * removes compiler threads as their queue grows and shrinks) is not counted after its last reading.
     */
    double[] millisSince(JvmThreadCpu earlier) {
        if (!known || !earlier.known) {
            return null;
        }
        return new double[] {
            delta(compilerTicks, earlier.compilerTicks) * 1000 / TICKS_PER_SECOND,
            delta(collectorTicks, earlier.collectorTicks) * 1000 / TICKS_PER_SECOND};
    }

    private static long delta(Map<String, Long> later, Map<String, Long> earlier) {
        long sum = 0;
        for (Map.Entry<String, Long> thread : later.entrySet()) {
            sum += thread.getValue() - earlier.getOrDefault(thread.getKey(), 0L);
        }
        return sum;
    }
}
