package io.reprise.benchmark;

import io.reprise.benchmark.EngineBenchmark.ManySteps;
import io.reprise.benchmark.EngineBenchmark.ManyStepsImpl;
import io.reprise.benchmark.EngineBenchmark.StepsImpl;
import io.reprise.benchmark.EngineBenchmark.ThreeSteps;
import io.reprise.benchmark.EngineBenchmark.ThreeStepsImpl;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.Engine;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jdk.jfr.Recording;

/**
 * Issue 14's workloads: the engine used the way most applications call a workflow engine, with
 * the options a new user gets ({@code docs/getting-started.md}: a SQLite file with its defaults,
 * {@code WorkerFactory.newInstance(client)}, {@code factory.newWorker(queue)}), unlike
 * {@link EngineBenchmark}'s own tuned pattern. Sections:
 * <ul>
 *   <li>{@code everyday}: {@value #EVERYDAY_CLIENTS} client threads, each starting a workflow of 3
 *       activities through a typed stub and waiting for its result ({@value #EVERYDAY_WARMUP} warm-up,
 *       {@value #EVERYDAY_MEASURED} measured); then one workflow at a time ({@value #SERIAL_WARMUP}
 *       warm-up, {@value #SERIAL_MEASURED} measured); then, printed only, the concurrent pattern again
 *       after {@value #SUSTAINED_WARMUP} more workflows, once the JIT has compiled the hot paths;</li>
 *   <li>{@code long}: one workflow of {@value #LONG_ACTIVITIES} sequential activities, the median of
 *       {@value #LONG_REPETITIONS} runs after one warm-up run;</li>
 *   <li>{@code startup}: see {@link StartupProbe};</li>
 *   <li>{@code open}: see {@link OpenWorkflows}.</li>
 * </ul>
 */
final class UserWorkloads {

    static final List<String> SECTIONS = List.of("everyday", "long", "startup", "open");

    static final String QUEUE = "everyday";
    static final int EVERYDAY_CLIENTS = 32;
    static final int EVERYDAY_WARMUP = 500;
    static final int EVERYDAY_MEASURED = 2_000;
    static final int SUSTAINED_WARMUP = 10_000;
    static final int SERIAL_WARMUP = 300;
    static final int SERIAL_MEASURED = 1_000;
    static final int LONG_ACTIVITIES = 1_000;
    static final int LONG_REPETITIONS = 5;

    /** Where to record the measured runs with JFR, or {@code null}. */
    private static Path profile;

    private UserWorkloads() {
    }

    /**
     * Starts a JFR recording of CPU time samples, allocations, and the JIT's compilations and deoptimizations when
     * a profile was asked for, else returns {@code null}.
     */
    private static Recording startRecording() {
        if (profile == null) {
            return null;
        }
        Recording recording = new Recording();
        recording.enable("jdk.CPUTimeSample").with("throttle", "1ms");
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
        recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1));
        recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ofMillis(1));
        // Every compilation and deoptimization: most of the measured everyday run's CPU is the JIT's warm-up.
        recording.enable("jdk.Compilation").withThreshold(Duration.ZERO);
        recording.enable("jdk.Deoptimization");
        recording.start();
        return recording;
    }

    private static void stopRecording(Recording recording, String suffix) throws IOException {
        if (recording == null) {
            return;
        }
        recording.stop();
        String name = profile.getFileName().toString().replaceFirst("(\\.jfr)?$", "-" + suffix + ".jfr");
        Path file = profile.resolveSibling(name);
        recording.dump(file);
        recording.close();
        System.out.println("  recorded with JFR to " + file);
    }

    /**
     * Runs those of issue 14's sections that {@code sections} names, each on its own engine. With a
     * {@code profile} file, the measured concurrent everyday run and the measured long runs are
     * recorded with JFR to that file's name with {@code -everyday} and {@code -long} added.
     */
    static void run(Set<String> sections, Path profile) throws Exception {
        UserWorkloads.profile = profile;
        if (sections.contains("everyday") || sections.contains("long")) {
            Path directory = Files.createTempDirectory("reprise-everyday");
            try (DefaultSetup setup = DefaultSetup.open(directory.resolve("reprise.db"))) {
                System.out.println("Worker: the defaults of docs/getting-started.md (SQLite file, "
                        + "WorkerFactory.newInstance(client), factory.newWorker(queue))\n");
                if (sections.contains("everyday")) {
                    everyday(setup.client(), setup.store(), true);
                }
                if (sections.contains("long")) {
                    longWorkflow(setup.client(), setup.store(), true);
                }
            } finally {
                deleteQuietly(directory);
            }
        }
        if (sections.contains("startup")) {
            StartupProbe.measure();
        }
        if (sections.contains("open")) {
            OpenWorkflows.measure();
        }
    }

    /**
     * An engine on a SQLite file, a client and a worker on {@link #QUEUE}, all with their defaults;
     * the store's commits and group-commit batches are counted (no SQL is wrapped).
     */
    record DefaultSetup(Engine engine, WorkflowClient client, WorkerFactory factory,
            EngineBenchmark.CountingStore store) implements AutoCloseable {

        static DefaultSetup open(Path file) {
            EngineBenchmark.CountingStore store = new EngineBenchmark.CountingStore(JdbcExecutionStore.sqliteFile(file),
                    new StatementCounter());
            Engine engine = Engine.builder().store(store).build();
            WorkflowClient client = WorkflowClient.newInstance(engine);
            WorkerFactory factory = WorkerFactory.newInstance(client);
            Worker worker = factory.newWorker(QUEUE);
            worker.registerWorkflowImplementationTypes(ThreeStepsImpl.class, ManyStepsImpl.class);
            worker.registerActivitiesImplementations(new StepsImpl());
            factory.start();
            return new DefaultSetup(engine, client, factory, store);
        }

        @Override
        public void close() {
            factory.shutdownNow();
            engine.close();
        }
    }

    /** Figures of {@link #everyday}: workflows/s and CPU per workflow of the concurrent run, serial latency. */
    record Everyday(double workflowsPerSecond, double cpuMillisPerWorkflow, double p50Millis, double p99Millis) {
    }

    static Everyday everyday(WorkflowClient client, EngineBenchmark.CountingStore store, boolean print) throws InterruptedException, IOException {
        if (print) {
            System.out.printf("== everyday: %d client threads, each starting a workflow of 3 activities through a"
                    + " typed stub and waiting for its result%n", EVERYDAY_CLIENTS);
        }
        WorkflowOptions options = WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build();
        callConcurrently(client, options, EVERYDAY_WARMUP);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] machine = machineTicks();
        long cpu = os.getProcessCpuTime();
        store.reset();
        Recording recording = print ? startRecording() : null;
        JitAndHeap jit = new JitAndHeap(EVERYDAY_MEASURED);
        long start = System.nanoTime();
        callConcurrently(client, options, EVERYDAY_MEASURED);
        double seconds = (System.nanoTime() - start) / 1e9;
        stopRecording(recording, "everyday");
        double cpuMillis = (os.getProcessCpuTime() - cpu) / 1e6 / EVERYDAY_MEASURED;
        double busy = machineBusy(machine);
        double perSecond = EVERYDAY_MEASURED / seconds;
        if (print) {
            System.out.printf("%,d workflows after %,d warm-up in %.2f s%n", EVERYDAY_MEASURED, EVERYDAY_WARMUP,
                    seconds);
            System.out.printf("  workflows/s        %,10.0f   target >= 2,000%n", perSecond);
            System.out.printf("  CPU                %.2f ms of process CPU per workflow   target <= 1 ms;"
                    + " the machine (all processes) was %.0f%% busy%n", cpuMillis, busy);
            System.out.printf("  JIT, heap          %s%n", jit.since());
            printCommits(store, EVERYDAY_MEASURED, "workflow");
        }

        for (int i = 0; i < SERIAL_WARMUP; i++) {
            client.newWorkflowStub(ThreeSteps.class, options).run("x");
        }
        store.reset();
        long[] nanos = new long[SERIAL_MEASURED];
        machine = machineTicks();
        for (int i = 0; i < nanos.length; i++) {
            ThreeSteps stub = client.newWorkflowStub(ThreeSteps.class, options);
            long began = System.nanoTime();
            stub.run("x");
            nanos[i] = System.nanoTime() - began;
        }
        Arrays.sort(nanos);
        double p50 = percentile(nanos, 50);
        double p99 = percentile(nanos, 99);
        if (print) {
            System.out.printf("one at a time: %,d workflows after %,d warm-up%n", SERIAL_MEASURED, SERIAL_WARMUP);
            System.out.printf("  p50 %6.2f ms   target <= 1 ms%n  p99 %6.2f ms   target <= 5 ms%n"
                    + "  (the machine was %.0f%% busy)%n", p50, p99, machineBusy(machine));
            printCommits(store, SERIAL_MEASURED, "workflow");
            sustained(client, options, store, os);
            System.out.println();
        }
        return new Everyday(perSecond, cpuMillis, p50, p99);
    }

    /**
     * The same pattern once the JIT has compiled the hot paths: {@value #SUSTAINED_WARMUP} more workflows (the
     * warm-up of {@link EngineBenchmark}'s own throughput run), then {@value #EVERYDAY_MEASURED} measured. The
     * figures above are those of an application's first few thousand workflows, when most of the CPU goes to
     * the JIT compiler and to code not compiled yet; these are those of an application that has been running.
     */
    private static void sustained(WorkflowClient client, WorkflowOptions options, EngineBenchmark.CountingStore store,
            com.sun.management.OperatingSystemMXBean os) throws InterruptedException {
        callConcurrently(client, options, SUSTAINED_WARMUP);
        long[] machine = machineTicks();
        long cpu = os.getProcessCpuTime();
        store.reset();
        JitAndHeap jit = new JitAndHeap(EVERYDAY_MEASURED);
        long start = System.nanoTime();
        callConcurrently(client, options, EVERYDAY_MEASURED);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sustained: the same, %,d workflows measured after %,d more%n", EVERYDAY_MEASURED,
                SUSTAINED_WARMUP);
        System.out.printf("  workflows/s        %,10.0f%n", EVERYDAY_MEASURED / seconds);
        System.out.printf("  CPU                %.2f ms of process CPU per workflow; the machine (all processes) was"
                + " %.0f%% busy%n", (os.getProcessCpuTime() - cpu) / 1e6 / EVERYDAY_MEASURED, machineBusy(machine));
        System.out.printf("  JIT, heap          %s%n", jit.since());
        printCommits(store, EVERYDAY_MEASURED, "workflow");
    }

    /**
     * The JIT compiler's time over a run ({@code CompilationMXBean}: time its threads spent compiling) and
     * the bytes the process's threads allocated ({@code com.sun.management.ThreadMXBean}).
     */
    private static final class JitAndHeap {
        private final int workflows;
        private final long startMillis = compilationMillis();
        private final long startBytes = allocatedBytes();
        private final long startNanos = System.nanoTime();
        private final long startCpuNanos = processCpuNanos();
        private final JvmThreadCpu startThreads = JvmThreadCpu.now();

        JitAndHeap(int workflows) {
            this.workflows = workflows;
        }

        String since() {
            double compiling = compilationMillis() - startMillis;
            double wall = (System.nanoTime() - startNanos) / 1e6;
            long bytes = startBytes < 0 ? -1 : allocatedBytes() - startBytes;
            double[] threads = JvmThreadCpu.now().millisSince(startThreads);
            double cpu = (processCpuNanos() - startCpuNanos) / 1e6;
            String split = threads == null ? "" : String.format("; of the process CPU per workflow, %.2f ms on the"
                            + " JIT compiler's threads, %.2f ms on the garbage collector's, %.2f ms on the rest",
                    threads[0] / workflows, threads[1] / workflows, (cpu - threads[0] - threads[1]) / workflows);
            return String.format("compiling %.2f s during the %.2f s (%.2f ms per workflow); %s allocated per"
                    + " workflow%s", compiling / 1e3, wall / 1e3, compiling / workflows,
                    bytes < 0 ? "unknown" : String.format("%.1f KiB", bytes / 1024.0 / workflows), split);
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static long compilationMillis() {
            var compilation = ManagementFactory.getCompilationMXBean();
            return compilation != null && compilation.isCompilationTimeMonitoringSupported()
                    ? compilation.getTotalCompilationTime() : 0;
        }

        /** All threads' allocations since the JVM started, or -1 when the JVM does not tell. */
        private static long allocatedBytes() {
            return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                    && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()
                    ? threads.getTotalThreadAllocatedBytes() : -1;
        }
    }

    /** Runs {@code workflows} workflows from {@link #EVERYDAY_CLIENTS} threads, each calling one stub at a time. */
    private static void callConcurrently(WorkflowClient client, WorkflowOptions options, int workflows)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        Thread.Builder builder = Thread.ofPlatform().name("benchmark-everyday-", 0)
                .uncaughtExceptionHandler((thread, e) -> failures.add(e));
        for (int t = 0; t < EVERYDAY_CLIENTS; t++) {
            threads.add(builder.start(() -> {
                while (next.getAndIncrement() < workflows) {
                    String result = client.newWorkflowStub(ThreeSteps.class, options).run("x");
                    if (!result.equals("x+++")) {
                        throw new IllegalStateException("Unexpected result " + result);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("A client thread failed", failures.getFirst());
        }
    }

    /** Runs one workflow of {@link #LONG_ACTIVITIES} activities repeatedly; returns the median in ms. */
    static double longWorkflow(WorkflowClient client, EngineBenchmark.CountingStore store, boolean print) throws IOException {
        if (print) {
            System.out.printf("== long: one workflow of %,d sequential activities, %d runs after one warm-up%n",
                    LONG_ACTIVITIES, LONG_REPETITIONS);
        }
        WorkflowOptions options = WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build();
        client.newWorkflowStub(ManySteps.class, options).run(LONG_ACTIVITIES);
        long[] nanos = new long[LONG_REPETITIONS];
        long[] machine = machineTicks();
        store.reset();
        Recording recording = print ? startRecording() : null;
        for (int i = 0; i < nanos.length; i++) {
            ManySteps stub = client.newWorkflowStub(ManySteps.class, options);
            long began = System.nanoTime();
            stub.run(LONG_ACTIVITIES);
            nanos[i] = System.nanoTime() - began;
        }
        stopRecording(recording, "long");
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double median = percentile(sorted, 50);
        if (print) {
            StringBuilder all = new StringBuilder();
            for (long n : nanos) {
                all.append(all.isEmpty() ? "" : ", ").append(String.format("%.0f", n / 1e6));
            }
            System.out.printf("  median %6.0f ms   target <= 250 ms   (runs: %s ms; the machine was %.0f%% busy)%n",
                    median, all, machineBusy(machine));
            printCommits(store, LONG_REPETITIONS * LONG_ACTIVITIES, "activity");
            System.out.println();
        }
        return median;
    }

    /** Store commits (transitions) and group-commit batches per unit since the store's last reset. */
    private static void printCommits(EngineBenchmark.CountingStore store, int units, String unit) {
        long batches = io.reprise.engine.store.InstrumentedStores.batchesWritten(store.delegate) - store.batchesAtReset;
        System.out.printf("  store              %.2f commits per %s in %.2f group-commit batches, %.2f ms commit wait"
                        + " on average; %.2f history reads per %s (workflow cache misses)%n",
                store.commits.sum() / (double) units, unit, batches / (double) units,
                store.commitNanos.sum() / 1e6 / Math.max(1, store.commits.sum()),
                store.historyReads.sum() / (double) units, unit);
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    static double percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** All and busy CPU ticks of the machine from /proc/stat (Linux), or {@code null}. */
    static long[] machineTicks() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            String cpu = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElse(null);
            if (cpu == null) {
                return null;
            }
            long[] ticks = Arrays.stream(cpu.substring(4).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
            long all = Arrays.stream(ticks).limit(8).sum();
            return new long[] {all, all - ticks[3] - ticks[4]};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The machine's busy percentage since {@code start} (all processes), or NaN. */
    static double machineBusy(long[] start) {
        long[] end = machineTicks();
        if (start == null || end == null || end[0] <= start[0]) {
            return Double.NaN;
        }
        return 100.0 * (end[1] - start[1]) / (end[0] - start[0]);
    }

    static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + directory + ": " + e);
        }
    }
}
