package io.reprise.engine;

import io.reprise.common.Payload;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.InMemoryExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Throughput of the engine boundary alone (no SDK: hand-made commands), driven as workers drive
 * it: each workflow is started, its first task schedules one activity, the activity completes,
 * the second task (on the worker's sticky queue) completes the workflow. That is 7 transitions and 6 commits per workflow.
 *
 * <p>Run: {@code mvn -pl core-engine test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.reprise.engine.EngineServiceBenchmark -Dexec.args="20000 memory|sqlite-memory|sqlite-file"}
 */
public final class EngineServiceBenchmark {

    private static final String NS = "default";
    private static final String QUEUE = "bench";
    private static final int WORKERS = 4;
    private static final int POLLERS_PER_QUEUE = 8;
    private static final Payload INPUT = new Payload(Payload.ENCODING_JSON,
            "{\"orderId\":\"o-123456\",\"amount\":99.95}".getBytes(StandardCharsets.UTF_8));

    public static void main(String[] args) throws Exception {
        int workflows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String storeKind = args.length > 1 ? args[1] : "sqlite-memory";
        // Warm up, then measure.
        run(Math.min(workflows, 5_000), store(storeKind), false);
        run(workflows, store(storeKind), true);
        System.exit(0);
    }

    private static Supplier<ExecutionStore> store(String kind) throws Exception {
        return switch (kind) {
            case "memory" -> InMemoryExecutionStore::new;
            case "sqlite-memory" -> JdbcExecutionStore::sqliteInMemory;
            case "sqlite-file" -> {
                Path dir = Files.createTempDirectory("reprise-bench");
                AtomicInteger n = new AtomicInteger();
                yield () -> JdbcExecutionStore.sqliteFile(dir.resolve("bench-" + n.incrementAndGet() + ".db"));
            }
            default -> throw new IllegalArgumentException("store: memory, sqlite-memory or sqlite-file");
        };
    }

    private static void run(int workflows, Supplier<ExecutionStore> store, boolean report) throws Exception {
        Engine engine = Engine.builder().store(store.get()).build();
        CountDownLatch done = new CountDownLatch(workflows);
        AtomicLong historyEvents = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            String identity = "worker-" + w;
            String sticky = identity + "-sticky";
            for (int p = 0; p < POLLERS_PER_QUEUE; p++) {
                threads.add(Thread.ofVirtual().start(() -> pollWorkflowTasks(engine, QUEUE, identity, sticky, done,
                        historyEvents)));
                threads.add(Thread.ofVirtual().start(() -> pollWorkflowTasks(engine, sticky, identity, sticky, done,
                        historyEvents)));
                threads.add(Thread.ofVirtual().start(() -> pollActivityTasks(engine, identity)));
            }
        }
        long start = System.nanoTime();
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < workflows; i++) {
                String id = "wf-" + i;
                starters.submit(() -> engine.startWorkflow(new StartWorkflowRequest(NS, id, "Bench", QUEUE,
                        List.of(INPUT), null, null, null, "bench", null)));
            }
        }
        boolean finished = done.await(10, TimeUnit.MINUTES);
        long nanos = System.nanoTime() - start;
        engine.close();
        threads.forEach(Thread::interrupt);
        if (report) {
            double seconds = nanos / 1e9;
            System.out.printf("%d workflows in %.2f s: %.0f workflows/s, %.0f transitions/s (%s, %d cores)%n",
                    workflows, seconds, workflows / seconds, workflows * 7 / seconds,
                    finished ? "all completed" : "TIMED OUT", Runtime.getRuntime().availableProcessors());
            System.out.printf("history events delivered to workers per workflow: %.1f%n",
                    historyEvents.get() / (double) workflows);
        }
    }

    private static void pollWorkflowTasks(Engine engine, String queue, String identity, String sticky,
            CountDownLatch done, AtomicLong historyEvents) {
        while (!Thread.currentThread().isInterrupted()) {
            Optional<WorkflowTask> polled;
            try {
                polled = engine.pollWorkflowTask(NS, queue, identity, Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                return;
            }
            if (polled.isEmpty()) {
                continue;
            }
            WorkflowTask task = polled.get();
            historyEvents.addAndGet(task.history().size());
            if (task.previousStartedEventId() == 0) {
                engine.completeWorkflowTask(task.taskToken(), List.of(new Command.ScheduleActivityTask(null,
                        "Charge", null, List.of(INPUT), null, null, Duration.ofSeconds(30), null, null)),
                        identity, sticky);
            } else {
                engine.completeWorkflowTask(task.taskToken(),
                        List.of(new Command.CompleteWorkflowExecution(INPUT)), identity, sticky);
                done.countDown();
            }
        }
    }

    private static void pollActivityTasks(Engine engine, String identity) {
        while (!Thread.currentThread().isInterrupted()) {
            Optional<ActivityTask> polled;
            try {
                polled = engine.pollActivityTask(NS, QUEUE, identity, Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                return;
            }
            polled.ifPresent(task -> engine.completeActivityTask(task.taskToken(), INPUT, identity));
        }
    }
}
