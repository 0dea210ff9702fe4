package io.reprise.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.testing.EngineHistory;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server JVM ({@link EngineServerMain} on a SQLite file) and a remote worker and client (this JVM): the server is
 * killed with SIGKILL while an activity of a chain runs, and started again on the same port and file. The worker,
 * the activity's outcome delivery and the client's result wait recover on their own; the workflow completes with
 * the right result, and no activity whose completion the engine acknowledged runs again.
 */
class ServerKillRecoveryTest {

    static final int STEPS = 10;
    /** The step that is running when the server is killed. */
    static final int KILLED_DURING = 5;
    static final String QUEUE = "chain";
    static final String WORKFLOW_ID = "chain-across-kill";
    /** A generous bound on every wait: the machine may be loaded; nothing here is timed. */
    static final long PATIENCE_SECONDS = 120;

    static final Map<Integer, AtomicInteger> EXECUTIONS = new ConcurrentHashMap<>();
    static volatile CountDownLatch reachedKillPoint;
    static volatile CountDownLatch serverKilled;

    @ActivityInterface
    public interface Steps {
        String step(int step);
    }

    public static final class StepsImpl implements Steps {
        @Override
        public String step(int step) {
            int execution = EXECUTIONS.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet();
            if (step == KILLED_DURING && execution == 1) {
                reachedKillPoint.countDown();
                try {
                    // Completes only once the server is gone, so its outcome meets a dead server first.
                    serverKilled.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the server was being killed", e);
                }
            }
            return "s" + step;
        }
    }

    @WorkflowInterface
    public interface Chain {
        @WorkflowMethod
        String run(int steps);
    }

    public static final class ChainImpl implements Chain {
        @Override
        public String run(int steps) {
            // Start-To-Close far above any stall of a loaded machine: no attempt times out in this test.
            Steps activities = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(5)).build());
            StringBuilder result = new StringBuilder();
            for (int i = 0; i < steps; i++) {
                result.append(activities.step(i));
            }
            return result.toString();
        }
    }

    @TempDir
    Path directory;

    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process server : servers) {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWorkflowCompletesAcrossAServerKilledMidChainAndNoAcknowledgedActivityRunsAgain() throws Exception {
        EXECUTIONS.clear();
        reachedKillPoint = new CountDownLatch(1);
        serverKilled = new CountDownLatch(1);
        Path store = directory.resolve("engine.db");
        Served first = serve(store, 0);
        int port = first.port();

        // A generous deadline per call: a server JVM that just started on a loaded machine answers its first calls
        // slowly (class loading, the store's first writes), and a call that ends DEADLINE_EXCEEDED is not retried.
        try (GrpcEngineService engine = GrpcEngineService.newBuilder().target("127.0.0.1:" + port)
                .rpcTimeout(Duration.ofSeconds(PATIENCE_SECONDS)).build()) {
            WorkflowClient client = WorkflowClient.newInstance(engine);
            WorkerFactory workers = WorkerFactory.newInstance(client);
            io.reprise.worker.Worker worker = workers.newWorker(QUEUE);
            worker.registerWorkflowImplementationTypes(ChainImpl.class);
            worker.registerActivitiesImplementations(new StepsImpl());
            workers.start();
            try {
                Chain chain = client.newWorkflowStub(Chain.class,
                        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(WORKFLOW_ID).build());
                WorkflowClient.start(chain::run, STEPS);
                // The client's result wait starts before the kill and has to ride it out.
                CompletableFuture<String> result = CompletableFuture.supplyAsync(
                        () -> WorkflowStub.fromTyped(chain).getResult(String.class));

                assertThat(reachedKillPoint.await(PATIENCE_SECONDS, TimeUnit.SECONDS))
                        .as("step %d started", KILLED_DURING).isTrue();
                // Step k+1 is scheduled only once step k's completion is committed: the engine acknowledged the
                // completions of steps 0 to KILLED_DURING - 1 before the kill.
                assertThat(completedSteps(client)).as("steps the engine recorded as completed before the kill")
                        .isEqualTo(IntStream.range(0, KILLED_DURING).boxed().toList());

                first.process().destroyForcibly();
                assertThat(first.process().waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("killed").isTrue();
                assertThat(first.process().exitValue()).as("exit status after SIGKILL").isEqualTo(137);
                serverKilled.countDown();

                serve(store, port);

                String expected = IntStream.range(0, STEPS).mapToObj(i -> "s" + i).collect(Collectors.joining());
                assertThat(result.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEqualTo(expected);

                List<HistoryEvent> events = EngineHistory.events(client.fetchHistory(WORKFLOW_ID));
                Map<Integer, Integer> completedAttempt = completedAttemptByStep(events);
                assertThat(completedAttempt.keySet()).as("every step completed once in the history")
                        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, STEPS).boxed().toList());
                for (int step = 0; step < STEPS; step++) {
                    // The step in flight at the kill ran again only if its outcome was lost with the server; the
                    // engine then counted the rerun as the next attempt. Every other step ran exactly once.
                    int expectedExecutions = step == KILLED_DURING ? completedAttempt.get(step) : 1;
                    assertThat(EXECUTIONS.get(step).get()).as("executions of step %d", step)
                            .isEqualTo(expectedExecutions);
                }
                for (int i = 0; i < events.size(); i++) {
                    assertThat(events.get(i).eventId()).as("event ids are dense").isEqualTo(i + 1);
                }
            } finally {
                workers.shutdownNow();
            }
        }
    }

    /** The steps whose ActivityTaskCompleted the history holds, in order (the scheduled event's input names it). */
    private static List<Integer> completedSteps(WorkflowClient client) {
        return List.copyOf(completedAttemptByStep(EngineHistory.events(client.fetchHistory(WORKFLOW_ID))).keySet());
    }

    /** The attempt number of the completed attempt of each step, by step, in the order they completed. */
    private static Map<Integer, Integer> completedAttemptByStep(List<HistoryEvent> events) {
        Map<Long, Integer> stepByScheduledEventId = new HashMap<>();
        Map<Long, Integer> attemptByStartedEventId = new HashMap<>();
        Map<Integer, Integer> completed = new java.util.LinkedHashMap<>();
        int scheduled = 0;
        for (HistoryEvent event : events) {
            if (event.attributes() instanceof EventAttributes.ActivityTaskScheduled) {
                // The chain schedules step i as its i-th activity.
                stepByScheduledEventId.put(event.eventId(), scheduled++);
            } else if (event.attributes() instanceof EventAttributes.ActivityTaskStarted started) {
                attemptByStartedEventId.put(event.eventId(), started.attempt());
            } else if (event.attributes() instanceof EventAttributes.ActivityTaskCompleted done) {
                Integer previous = completed.put(stepByScheduledEventId.get(done.scheduledEventId()),
                        attemptByStartedEventId.get(done.startedEventId()));
                assertThat(previous).as("a step completes once").isNull();
            }
        }
        return completed;
    }

    record Served(Process process, int port) {
    }

    /**
     * Starts {@link EngineServerMain} in a JVM of its own on {@code port} (0: any free one) and waits until it
     * serves. Right after a kill the port may still be held for a moment: a start that cannot bind is tried again.
     */
    private Served serve(Path store, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        Pattern serving = Pattern.compile("Reprise engine on .* serving gRPC on 127\\.0\\.0\\.1:(\\d+)");
        StringBuilder output = new StringBuilder();
        while (true) {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), EngineServerMain.class.getName(),
                    "--store", store.toString(), "--port", String.valueOf(port)).redirectErrorStream(true).start();
            servers.add(process);
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                Matcher matcher = serving.matcher(line);
                if (matcher.matches()) {
                    drain(out);
                    System.out.println("server: " + line);
                    return new Served(process, Integer.parseInt(matcher.group(1)));
                }
                output.append(line).append('\n');
            }
            process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS);
            if (System.nanoTime() > deadline || !output.toString().contains("Could not serve")) {
                throw new AssertionError("The server exited without serving (status " + process.exitValue() + "):\n"
                        + output);
            }
            output.setLength(0);
            Thread.sleep(200);
        }
    }

    /** Keeps reading the server's output so that it never blocks on a full pipe. */
    private static void drain(BufferedReader out) {
        Thread.ofVirtual().start(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    System.out.println("server: " + line);
                }
            } catch (IOException closed) {
                // the server is gone
            }
        });
    }
}
