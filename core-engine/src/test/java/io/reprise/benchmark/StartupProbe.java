package io.reprise.benchmark;

import io.reprise.benchmark.EngineBenchmark.ThreeSteps;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code startup} section: a child JVM (this class's {@link #main}, the test class path, no
 * JVM option, so the JVM's default heap settings) builds an engine on a new SQLite file, a client
 * and a worker with their defaults through the plain Java API, and runs one workflow of 3
 * activities.
 * <ul>
 *   <li>launch to first workflow: from just before {@link ProcessBuilder#start()} to the moment
 *       the parent reads the line the child prints once that workflow's result is returned (the
 *       median of {@value #LAUNCHES} launches);</li>
 *   <li>resident memory: in one more launch, the child then runs the {@code everyday} and
 *       {@code long} workloads and prints its {@code VmRSS} (and {@code VmHWM}, the peak) from
 *       {@code /proc/self/status}, without a forced GC; then what decides it: the initial heap (with no
 *       option, a share of the machine's memory), the peak use of each heap pool (G1 touches every page of
 *       the eden it sizes from that initial heap) and the number of collections;</li>
 *   <li>the floor under that figure: one more child JVM, also without an option, that only allocates as many bytes
 *       as the workloads did (short-lived 1 KiB arrays, nothing kept) and prints its resident memory the same way.
 *       What the engine adds to the resident memory is the difference.</li>
 * </ul>
 */
final class StartupProbe {

    static final int LAUNCHES = 5;
    private static final String FIRST = "first-workflow-completed";
    private static final String GARBAGE = "--garbage";
    private static final String ALLOCATED = "allocated";

    private StartupProbe() {
    }

    /**
     * The child: {@code args[0]} the directory of the store, {@code args[1]} whether to run the workloads,
     * {@code args[2]} the launch's {@link System#currentTimeMillis}; or
     * {@code --garbage <bytes>} for the reference JVM that only allocates.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals(GARBAGE)) {
            allocateGarbage(Long.parseLong(args[1]));
            return;
        }
        // Not the JVM's uptime from its management beans: loading them costs a launch tens of milliseconds that an
        // application of the plain Java API does not spend. The parent passes the wall-clock time of the launch.
        long mainNanos = System.nanoTime();
        long mainAt = System.currentTimeMillis() - Long.parseLong(args[2]);
        try (UserWorkloads.DefaultSetup setup = UserWorkloads.DefaultSetup.open(Path.of(args[0], "reprise.db"))) {
            long setUpAt = mainAt + (System.nanoTime() - mainNanos) / 1_000_000;
            WorkflowClient client = setup.client();
            String result = client.newWorkflowStub(ThreeSteps.class,
                    WorkflowOptions.newBuilder().setTaskQueue(UserWorkloads.QUEUE).build()).run("x");
            long firstAt = mainAt + (System.nanoTime() - mainNanos) / 1_000_000;
            System.out.println(FIRST + " " + result + " (since the launch: main " + mainAt
                    + " ms, engine and worker started " + setUpAt + " ms, first result " + firstAt + " ms)");
            System.out.flush();
            if (Boolean.parseBoolean(args[1])) {
                UserWorkloads.Everyday everyday = UserWorkloads.everyday(client, setup.store(), false);
                double longMillis = UserWorkloads.longWorkflow(client, setup.store(), false);
                Runtime runtime = Runtime.getRuntime();
                System.out.printf("workloads %.0f workflows/s, %.2f ms CPU per workflow, p50 %.2f ms, p99 %.2f ms,"
                                + " long %.0f ms%n", everyday.workflowsPerSecond(), everyday.cpuMillisPerWorkflow(),
                        everyday.p50Millis(), everyday.p99Millis(), longMillis);
                System.out.printf("memory %s, heap committed %,d MiB, heap max %,d MiB%n", procStatus(),
                        runtime.totalMemory() >> 20, runtime.maxMemory() >> 20);
                System.out.println(heapSizing());
                System.out.println(ALLOCATED + " " + allocatedBytes());
            }
        }
        System.exit(0);
    }

    /** Bytes allocated on the heap by all threads since the JVM started (virtual threads count on their carriers). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    /** The reference JVM: allocates about {@code bytes} in 1 KiB arrays that die at once, then prints its memory. */
    private static void allocateGarbage(long bytes) throws IOException {
        long start = allocatedBytes();
        Object[] slot = new Object[1];
        while (allocatedBytes() - start < bytes) {
            for (int i = 0; i < 100_000; i++) {
                slot[0] = new byte[1024];
            }
        }
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("memory %s, heap committed %,d MiB, heap max %,d MiB%n", procStatus(),
                runtime.totalMemory() >> 20, runtime.maxMemory() >> 20);
        System.out.println(heapSizing());
    }

    /** The initial heap against the machine's memory, each heap pool's peak use, and the collections run. */
    private static String heapSizing() {
        long machine = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : -1;
        String peaks = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(pool -> String.format("%s %,d", pool.getName(), pool.getPeakUsage().getUsed() >> 20))
                .collect(Collectors.joining(", "));
        String collections = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(gc -> gc.getName() + " " + gc.getCollectionCount()).collect(Collectors.joining(", "));
        return String.format("heap initial %,d MiB of the machine's %,d MiB; peak use (MiB): %s; collections: %s",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit() >> 20, machine >> 20, peaks,
                collections);
    }

    private static String procStatus() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
                .map(l -> l.replaceAll("\\s+", " ")).collect(Collectors.joining(", "));
    }

    static void measure() throws Exception {
        System.out.printf("== startup: a child JVM (plain Java API, default heap settings) from launch to its first"
                + " workflow completed, %d launches%n", LAUNCHES);
        long[] nanos = new long[LAUNCHES];
        for (int i = 0; i < LAUNCHES; i++) {
            nanos[i] = launch(false).firstNanos;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  median %6.0f ms   target <= 700 ms   (launches: %s ms)%n",
                UserWorkloads.percentile(sorted, 50), Arrays.stream(nanos)
                        .mapToObj(n -> String.format("%.0f", n / 1e6)).collect(Collectors.joining(", ")));
        System.out.println("  last launch: " + lastFirstLine.substring(FIRST.length()).trim());
        Launch withWorkloads = launch(true);
        System.out.printf("  after the everyday and long workloads (target: resident <= 250 MiB):%n");
        withWorkloads.lines.stream().filter(l -> l.startsWith("workloads") || l.startsWith("memory")
                        || l.startsWith("heap initial"))
                .forEach(l -> System.out.println("    " + l));
        long allocated = withWorkloads.lines.stream().filter(l -> l.startsWith(ALLOCATED + " "))
                .mapToLong(l -> Long.parseLong(l.substring(ALLOCATED.length() + 1))).findFirst()
                .orElseThrow(() -> new IllegalStateException("The child JVM did not print what it allocated"));
        System.out.printf("  a JVM that only allocates as much (%,d MiB of 1 KiB arrays, nothing kept), no option:%n",
                allocated >> 20);
        run(GARBAGE, Long.toString(allocated)).stream().filter(l -> l.startsWith("memory")
                        || l.startsWith("heap initial")).forEach(l -> System.out.println("    " + l));
        System.out.println();
    }

    private static String lastFirstLine = FIRST;

    private record Launch(long firstNanos, List<String> lines) {
    }

    private static Launch launch(boolean workloads) throws Exception {
        Path directory = Files.createTempDirectory("reprise-startup");
        try {
            long start = System.nanoTime();
            ProcessBuilder builder = child(directory.toString(), Boolean.toString(workloads),
                    Long.toString(System.currentTimeMillis()));
            Process process = builder.start();
            long first = -1;
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (first < 0 && line.startsWith(FIRST)) {
                        first = System.nanoTime() - start;
                        lastFirstLine = line;
                    }
                    lines.add(line);
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || first < 0) {
                throw new IllegalStateException("The child JVM exited with " + exit + ":\n" + String.join("\n", lines));
            }
            return new Launch(first, lines);
        } finally {
            UserWorkloads.deleteQuietly(directory);
        }
    }

    /** Runs a child JVM to its end and returns what it printed. */
    private static List<String> run(String... args) throws Exception {
        Process process = child(args).start();
        List<String> lines;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            lines = out.lines().toList();
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("The child JVM exited with " + exit + ":\n" + String.join("\n", lines));
        }
        return lines;
    }

    /** A child JVM running this class's {@link #main} with {@code args}: the test class path, no JVM option. */
    private static ProcessBuilder child(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath(), StartupProbe.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /** The class path this class was loaded from (exec:java loads it with a URL class loader of its own). */
    private static String classPath() throws Exception {
        if (StartupProbe.class.getClassLoader() instanceof URLClassLoader loader && loader.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }
}
