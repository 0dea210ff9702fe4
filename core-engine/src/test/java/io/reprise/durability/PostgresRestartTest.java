package io.reprise.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.store.PostgresTestDatabase;
import io.reprise.testing.EngineHistory;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Restarts the PostgreSQL server (the local cluster, through {@code pg_ctlcluster}) while an engine on it
 * runs {@link #WORKFLOWS} workflows of {@link #STEPS} activities, and checks they all complete with dense
 * histories and each activity completed once: the transitions in flight when the connections dropped fail
 * whole, and the engine carries on over new connections.
 *
 * <p>Runs as a user allowed to restart the cluster (root in CI). Without {@code pg_ctlcluster} or a local
 * cluster, the test is skipped with a message, or fails with {@code REPRISE_REQUIRE_POSTGRES=1}.
 */
class PostgresRestartTest {

    static final int WORKFLOWS = 50;
    static final int STEPS = 3;
    static final String QUEUE = "restart";

    @ActivityInterface
    public interface Step {
        String step(String acc, int index);
    }

    @WorkflowInterface
    public interface Steps {
        @WorkflowMethod
        String run(int steps);
    }

    public static final class StepsImpl implements Steps {
        @Override
        public String run(int steps) {
            Step step = Workflow.newActivityStub(Step.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(5)).build());
            String acc = "";
            for (int i = 1; i <= steps; i++) {
                acc = step.step(acc, i);
            }
            return acc;
        }
    }

    /** Counts executions per (workflow's accumulator, step): only to report reruns, which are allowed. */
    static final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();

    private static final AtomicInteger unavailableRetries = new AtomicInteger();

    static final class StepImpl implements Step {
        @Override
        public String step(String acc, int index) {
            executions.computeIfAbsent(acc + "/" + index, k -> new AtomicInteger()).incrementAndGet();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return acc + index;
        }
    }

    @Test
    void workflowsRunningWhilePostgresRestartsAllCompleteWithDenseHistoriesAndEachActivityCompletedOnce()
            throws Exception {
        String schema = PostgresTestDatabase.newSchema();
        List<String> cluster = localCluster();
        executions.clear();
        unavailableRetries.set(0);
        try (Engine engine = Engine.builder().store(JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).build())).build()) {
            WorkflowClient client = WorkflowClient.newInstance(engine);
            WorkerFactory factory = WorkerFactory.newInstance(client);
            Worker worker = factory.newWorker(QUEUE);
            worker.registerWorkflowImplementationTypes(StepsImpl.class);
            worker.registerActivitiesImplementations(new StepImpl());
            factory.start();
            try {
                List<WorkflowStub> stubs = new ArrayList<>();
                for (int i = 0; i < WORKFLOWS; i++) {
                    WorkflowStub stub = client.newUntypedWorkflowStub("Steps",
                            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("w-" + i).build());
                    stub.start(STEPS);
                    stubs.add(stub);
                }
                awaitExecutions(WORKFLOWS / 2);
                int before = totalExecutions();
                Instant serverStartedBefore = serverStartTime();
                long restartStarted = System.nanoTime();
                pgCtlCluster(cluster, "restart");
                assertThat(serverStartTime()).as("the server restarted").isAfter(serverStartedBefore);
                System.out.printf("PostgresRestartTest: restarted PostgreSQL in %d ms with %d of %d activity"
                        + " executions done%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartStarted),
                        before, WORKFLOWS * STEPS);

                long resumeStarted = System.nanoTime();
                for (WorkflowStub stub : stubs) {
                    // A wait that cannot hang the build if a workflow were stuck; not a bound on how long it takes.
                    assertThat(retryingUnavailable(() -> stub.getResult(Duration.ofMinutes(2), String.class)))
                            .isEqualTo("123");
                }
                System.out.printf("PostgresRestartTest: all workflows completed %d ms after the restart;"
                        + " activity executions %d (reruns of lost completions: %d), UNAVAILABLE answers retried: %d%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumeStarted), totalExecutions(),
                        totalExecutions() - WORKFLOWS * STEPS, unavailableRetries.get());

                for (int i = 0; i < WORKFLOWS; i++) {
                    String workflowId = "w-" + i;
                    List<HistoryEvent> events = EngineHistory.events(
                            retryingUnavailable(() -> client.fetchHistory(workflowId)));
                    for (int e = 0; e < events.size(); e++) {
                        assertThat(events.get(e).eventId()).as("w-%d: event ids are dense", i).isEqualTo(e + 1);
                    }
                    List<Long> completedScheduledIds = events.stream()
                            .map(HistoryEvent::attributes)
                            .flatMap(a -> a instanceof EventAttributes.ActivityTaskCompleted c
                                    ? Stream.of(c.scheduledEventId()) : Stream.empty())
                            .toList();
                    List<Long> scheduledIds = events.stream()
                            .filter(e -> e.attributes() instanceof EventAttributes.ActivityTaskScheduled)
                            .map(HistoryEvent::eventId)
                            .toList();
                    assertThat(completedScheduledIds).as("w-%d: each activity completed once", i)
                            .containsExactlyElementsOf(scheduledIds).hasSize(STEPS);
                    assertThat(events.get(events.size() - 1).attributes())
                            .isInstanceOf(EventAttributes.WorkflowExecutionCompleted.class);
                }
            } finally {
                factory.shutdown();
            }
        } finally {
            // Whatever happened, leave the server running for the tests after this one.
            if (!pgCtlClusterSucceeds(cluster, "status")) {
                pgCtlCluster(cluster, "start");
            }
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    /**
     * Runs {@code call}, again while it fails with {@code UNAVAILABLE}: what a client does with that code. After
     * the restart, a read on a pooled connection the server dropped fails once so (the pool then replaces it).
     */
    private static <T> T retryingUnavailable(Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                return call.call();
            } catch (EngineException e) {
                if (e.getCode() != EngineException.Code.UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                unavailableRetries.incrementAndGet();
                Thread.sleep(50);
            }
        }
    }

    private static Instant serverStartTime() throws SQLException {
        try (Connection connection = PostgresTestDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_postmaster_start_time()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static int totalExecutions() {
        return executions.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private static void awaitExecutions(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (totalExecutions() < count) {
            assertThat(System.nanoTime()).as("waiting for %d activity executions", count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /**
     * {@code pg_ctlcluster} arguments naming the local cluster ({@code <version> main}), or skips the test
     * (fails it with {@code REPRISE_REQUIRE_POSTGRES=1}) when it cannot be restarted from here.
     */
    private static List<String> localCluster() throws IOException {
        String url = PostgresTestDatabase.url();
        String reason = null;
        Path etc = Path.of("/etc/postgresql");
        List<String> versions = List.of();
        if (!url.contains("//127.0.0.1") && !url.contains("//localhost")) {
            reason = "the test database " + url + " is not on this machine";
        } else if (Stream.of(System.getenv("PATH").split(":")).noneMatch(d -> Files.isExecutable(
                Path.of(d, "pg_ctlcluster")))) {
            reason = "pg_ctlcluster is not on the PATH (install postgresql-common)";
        } else if (!Files.isDirectory(etc)) {
            reason = "/etc/postgresql does not exist";
        } else {
            try (Stream<Path> list = Files.list(etc)) {
                versions = list.filter(p -> Files.isDirectory(p.resolve("main")))
                        .map(p -> p.getFileName().toString()).toList();
            }
            if (versions.size() != 1) {
                reason = "expected one cluster named main in /etc/postgresql, found versions " + versions;
            }
        }
        if (reason != null) {
            String message = "PostgreSQL restart test NOT RUN: cannot restart the server here: " + reason + ".";
            if ("1".equals(System.getenv("REPRISE_REQUIRE_POSTGRES"))) {
                throw new AssertionError(message + " REPRISE_REQUIRE_POSTGRES=1 makes this a failure.");
            }
            System.err.println(message);
            Assumptions.abort(message);
        }
        return List.of(versions.get(0), "main");
    }

    private static void pgCtlCluster(List<String> cluster, String action) throws IOException, InterruptedException {
        List<String> command = command(cluster, action);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s:%n%s", String.join(" ", command), output).isZero();
    }

    private static boolean pgCtlClusterSucceeds(List<String> cluster, String action)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(cluster, action)).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }

    private static List<String> command(List<String> cluster, String action) {
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect"));
        command.addAll(cluster);
        command.add(action);
        return command;
    }
}
