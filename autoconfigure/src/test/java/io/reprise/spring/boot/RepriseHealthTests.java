package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.HealthProbe;
import io.reprise.engine.api.TaskQueueBacklog;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.spring.boot.ActuatorApplication.ShipmentWorkflowImpl;
import io.reprise.spring.boot.actuate.RepriseHealthIndicator;
import io.reprise.spring.boot.autoconfigure.RepriseActuatorAutoConfiguration;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerMetricsListener;
import io.reprise.worker.WorkerMetricsListener.TaskKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code reprise} health indicator: UP, DOWN for an unreachable store or dead pollers, OUT_OF_SERVICE when
 * stopped; on the in-memory store and on PostgreSQL (those tests need a server, see {@link PostgresTestServer}).
 */
@SuppressWarnings("unchecked") // health details are maps of maps
class RepriseHealthTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(WorkerDiscoveryTests.REPRISE)
            .withConfiguration(AutoConfigurations.of(RepriseActuatorAutoConfiguration.class))
            .withPropertyValues("reprise.store.type=memory",
                    "reprise.activity-defaults.start-to-close-timeout=10s",
                    "reprise.worker-defaults.graceful-stop-timeout=0s")
            .withUserConfiguration(ShipmentWorkflowImpl.class, ActuatorApplication.CarrierImpl.class);

    private static Health health(AssertableApplicationContext context) {
        return context.getBean(RepriseHealthIndicator.class).health();
    }

    private static Map<String, Object> worker(Health health, String queue) {
        return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("workers")).get(queue);
    }

    @Test
    void upWithTheStoreReachableAndEveryPollerAlive() {
        runner.run(context -> {
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("store", "reachable").containsEntry("namespace", "default");
            Map<String, Object> worker = worker(health, "shipments");
            assertThat(worker).containsEntry("state", io.reprise.worker.WorkerStats.State.RUNNING);
            assertThat((Map<String, Object>) worker.get("activityTasks"))
                    .containsEntry("pollersConfigured", 2)
                    .containsEntry("pollersAlive", 2)
                    .containsEntry("slotsInUse", 0)
                    .containsEntry("slotsAvailable", 200)
                    .containsEntry("backlog", 0);
        });
    }

    @Test
    void downWhenTheStoreIsClosed() {
        runner.run(context -> {
            context.getBean(ExecutionStore.class).close();
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("store")).startsWith("unreachable: ")
                    .contains("the store is closed");
        });
    }

    @Test
    void upOnAPostgresStore() {
        String schema = PostgresTestServer.newSchema();
        try {
            onPostgres(schema, PostgresTestServer.dataSource()).run(context -> {
                assertThat(context).hasNotFailed();
                Health health = health(context);
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("store", "reachable");
                assertThat((Map<String, Object>) worker(health, "shipments").get("workflowTasks"))
                        .containsEntry("backlog", 0);
            });
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    /**
     * The database goes away under a running application (its server stops: the sessions end and nobody
     * answers on the port); the health says DOWN and why, and UP again once the database is back.
     */
    @Test
    void downWithTheReasonWhenThePostgresDatabaseCannotBeReachedAndUpWhenItIsBack() {
        String schema = PostgresTestServer.newSchema();
        PGSimpleDataSource dataSource = PostgresTestServer.dataSource();
        String applicationName = "reprise-health-" + schema;
        dataSource.setApplicationName(applicationName);
        try {
            onPostgres(schema, dataSource).run(context -> {
                assertThat(health(context).getStatus()).isEqualTo(Status.UP);

                String reachable = dataSource.getURL();
                dataSource.setURL("jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=5");
                PostgresTestServer.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = '" + applicationName + "'");

                Health down = health(context);
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat((String) down.getDetails().get("store")).isEqualTo("unreachable: The store failed to read:"
                        + " Could not reach the database from PostgreSQL store in schema \"" + schema + "\" of "
                        + PostgresTestServer.URL.substring(0, PostgresTestServer.URL.indexOf('?'))
                        + ": Connection to 127.0.0.1:1 refused. Check that the hostname and port are correct and"
                        + " that the postmaster is accepting TCP/IP connections.; retry the request");

                dataSource.setURL(reachable);
                dataSource.setApplicationName(applicationName);
                Health up = health(context);
                assertThat(up.getStatus()).isEqualTo(Status.UP);
                assertThat(up.getDetails()).containsEntry("store", "reachable");
            });
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    /** The application on a PostgreSQL store in {@code schema}, on {@code dataSource}. */
    private ApplicationContextRunner onPostgres(String schema, DataSource dataSource) {
        // A cluster node (the default on PostgreSQL), its internal server on any free port.
        return runner.withPropertyValues("reprise.store.type=postgres", "reprise.store.postgres.schema=" + schema,
                        "reprise.cluster.internal-address=127.0.0.1", "reprise.cluster.internal-port=0")
                .withBean(DataSource.class, () -> dataSource);
    }

    @Test
    void downWhenAPollerThreadOfARunningWorkerDied() {
        runner.withBean(WorkerMetricsListener.class, PollerKillingListener::new).run(context -> {
            PollerKillingListener listener = context.getBean(PollerKillingListener.class);
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);

            listener.armed = true; // the workflow poller that takes the next task dies reporting the poll
            context.getBean(WorkflowClient.class).newUntypedWorkflowStub("ShipmentWorkflow", WorkflowOptions
                    .newBuilder().setTaskQueue(ActuatorApplication.QUEUE).build()).start("doomed");

            Health health = await(context, h -> h.getStatus().equals(Status.DOWN));
            Map<String, Object> workflowTasks = (Map<String, Object>) worker(health, "shipments").get("workflowTasks");
            assertThat(workflowTasks).containsEntry("pollersConfigured", 4).containsEntry("pollersAlive", 3);
            assertThat(health.getDetails()).containsEntry("store", "reachable");
        });
    }

    @Test
    void outOfServiceNotDownWhenTheWorkersWereShutDown() {
        runner.run(context -> {
            context.getBean(WorkerFactory.class).shutdown();
            Health health = await(context, h -> h.getStatus().equals(Status.OUT_OF_SERVICE));
            assertThat(worker(health, "shipments")).containsEntry("state",
                    io.reprise.worker.WorkerStats.State.STOPPED);
        });
    }

    @Test
    void theStoreAndBacklogComeFromTheHealthProbeOfWhateverEngineServiceTheApplicationHas() {
        HealthProbe probe = new HealthProbe() {
            @Override
            public void pingStore() {
                throw new EngineException(EngineException.Code.UNAVAILABLE, "the store is down for maintenance");
            }

            @Override
            public TaskQueueBacklog taskQueueBacklog(String namespace, String taskQueue) {
                return new TaskQueueBacklog(7, 3);
            }
        };
        runner.withBean(EngineService.class, () -> engineService(probe)).run(context -> {
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("store", "unreachable: the store is down for maintenance");
            assertThat((Map<String, Object>) worker(health, "shipments").get("workflowTasks"))
                    .containsEntry("backlog", 7);
            assertThat((Map<String, Object>) worker(health, "shipments").get("activityTasks"))
                    .containsEntry("backlog", 3);
        });
    }

    @Test
    void anEngineServiceWithoutAHealthProbeLeavesOutTheStoreAndTheBacklog() {
        runner.withBean(EngineService.class, () -> engineService(null)).run(context -> {
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).doesNotContainKey("store").containsKey("workers");
            assertThat((Map<String, Object>) worker(health, "shipments").get("activityTasks"))
                    .containsEntry("pollersAlive", 2).doesNotContainKey("backlog");
        });
    }

    /**
     * An engine service as an application that reaches its engine some other way would have one: an
     * embedded engine behind a proxy, which offers {@code probe} as its health probe when given one.
     */
    private static EngineService engineService(HealthProbe probe) {
        Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).build();
        Class<?>[] types = probe == null ? new Class<?>[] {EngineService.class}
                : new Class<?>[] {EngineService.class, HealthProbe.class};
        return (EngineService) Proxy.newProxyInstance(RepriseHealthTests.class.getClassLoader(), types,
                (proxy, method, args) -> {
                    Object target = method.getDeclaringClass() == HealthProbe.class ? probe : engine;
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Health await(AssertableApplicationContext context, Predicate<Health> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Health health = health(context);
        while (!condition.test(health)) {
            assertThat(System.nanoTime()).as("health reaches the expected state: %s", health).isLessThan(deadline);
            Thread.onSpinWait();
            health = health(context);
        }
        return health;
    }

    /**
     * Worker metrics that, once armed, throw an Error from the first poll a workflow poller reports
     * with a task: the Error escapes the poll loop and ends that poller, as a bug would.
     */
    static final class PollerKillingListener implements WorkerMetricsListener {
        volatile boolean armed;

        @Override
        public void polled(String namespace, String taskQueue, TaskKind kind, boolean gotTask) {
            if (armed && gotTask && Thread.currentThread().getName().startsWith("workflow-poller[")) {
                armed = false;
                throw new AssertionError("poller killed by the test");
            }
        }
    }
}
