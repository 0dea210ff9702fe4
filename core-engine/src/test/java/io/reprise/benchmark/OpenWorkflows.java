package io.reprise.benchmark;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.Engine;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code open} section: {@value #WORKFLOWS} open workflows, each waiting on a one-day timer,
 * held by one engine on a SQLite file with a default worker.
 * <ul>
 *   <li>heap: the heap used after a full GC ({@code System.gc()}, twice) once every workflow has
 *       its timer started, less the heap used the same way before the engine was built (both are
 *       printed);</li>
 *   <li>recovery: the worker and the engine are closed, then a new engine is opened on the same
 *       file. Recovered means {@code Engine.builder().build()} returned: the engine has read every
 *       open run's state from the store into memory, dispatched its scheduled tasks and armed its
 *       timer (that is what {@code build()} does before it returns). Timed from before
 *       {@code JdbcExecutionStore.sqliteFile} (opening the file) to then.</li>
 * </ul>
 */
final class OpenWorkflows {

    static final int WORKFLOWS = 100_000;
    static final String QUEUE = "open";
    static final AtomicInteger TIMERS_STARTED = new AtomicInteger();

    private OpenWorkflows() {
    }

    @WorkflowInterface
    public interface WaitADay {
        @WorkflowMethod
        void run();
    }

    public static final class WaitADayImpl implements WaitADay {
        @Override
        public void run() {
            if (!Workflow.isReplaying()) {
                TIMERS_STARTED.incrementAndGet();
            }
            Workflow.sleep(Duration.ofDays(1));
        }
    }

    static void measure() throws Exception {
        System.out.printf("== open: %,d open workflows each waiting on a timer, held by one engine (default worker)%n",
                WORKFLOWS);
        Path directory = Files.createTempDirectory("reprise-open");
        Path file = directory.resolve("reprise.db");
        try {
            long baseline = heapAfterGc();
            Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteFile(file)).build();
            WorkflowClient client = WorkflowClient.newInstance(engine);
            WorkerFactory factory = WorkerFactory.newInstance(client);
            Worker worker = factory.newWorker(QUEUE);
            worker.registerWorkflowImplementationTypes(WaitADayImpl.class);
            factory.start();
            long start = System.nanoTime();
            startAll(client);
            String last = "open-" + (WORKFLOWS - 1);
            while (TIMERS_STARTED.get() < WORKFLOWS || client.describe(last).historyLength() < 5) {
                Thread.sleep(100);
            }
            Thread.sleep(1000); // the last workflow task completions' commits
            System.out.printf("  %,d workflows started and waiting on their timer in %.1f s%n", WORKFLOWS,
                    (System.nanoTime() - start) / 1e9);
            long held = heapAfterGc();
            System.out.printf("  heap used after a full GC  %,6d MiB with the engine and its worker (%,d MiB before the"
                    + " engine was built: %,d MiB for the open workflows, %.1f KiB each)   target <= 1,024 MiB%n",
                    held >> 20, baseline >> 20, (held - baseline) >> 20, (held - baseline) / 1024.0 / WORKFLOWS);
            factory.shutdownNow();
            engine.close();

            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long[] machine = UserWorkloads.machineTicks();
            long cpu = os.getProcessCpuTime();
            long reopened = System.nanoTime();
            Engine recovered = Engine.builder().store(JdbcExecutionStore.sqliteFile(file)).build();
            double seconds = (System.nanoTime() - reopened) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
            try {
                String status = WorkflowClient.newInstance(recovered).describe(last).status().name();
                System.out.printf("  restart: a new engine on the file recovered them in %.2f s (file opened, every"
                                + " open run loaded, its tasks dispatched and its timer armed)   target <= 10 s;"
                                + " %.2f s of process CPU; the machine was %.0f%% busy; %s is %s%n", seconds,
                        cpuSeconds, UserWorkloads.machineBusy(machine), last, status);
                long after = heapAfterGc();
                System.out.printf("  heap used after a full GC  %,6d MiB with the recovered engine (no worker)%n%n",
                        after >> 20);
            } finally {
                recovered.close();
            }
        } finally {
            UserWorkloads.deleteQuietly(directory);
        }
    }

    private static void startAll(WorkflowClient client) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < WORKFLOWS; i = next.getAndIncrement()) {
                    WaitADay stub = client.newWorkflowStub(WaitADay.class,
                            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("open-" + i).build());
                    WorkflowClient.start(stub::run);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
