package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.common.ContextPropagator;
import io.reprise.common.DataConverter;
import io.reprise.common.JacksonDataConverter;
import io.reprise.common.Payload;
import io.reprise.common.RetryOptions;
import io.reprise.engine.Engine;
import io.reprise.engine.api.NamespaceDescription;
import io.reprise.engine.store.SqliteOptions;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.spring.boot.fixtures.GreetingActivitiesImpl;
import io.reprise.spring.boot.fixtures.GreetingWorkflow;
import io.reprise.spring.boot.fixtures.GreetingWorkflowImpl;
import io.reprise.spring.boot.fixtures.Salutation;
import io.reprise.spring.boot.test.RepriseTestConfiguration;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerOptions;
import io.reprise.worker.WorkflowImplementationOptions;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.json.JsonMapper;

/** The reprise.* properties reach the engine, the client and the workers. */
class ConfiguredOptionsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(WorkerDiscoveryTests.REPRISE)
            .withPropertyValues("reprise.store.type=memory")
            .withBean(Salutation.class, "Hello");

    @Test
    void workerOptionsComeFromTheQueueThenTheDefaultsThenTheCustomizers() {
        runner.withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class,
                        WorkerDiscoveryTests.EchoImpl.class, WorkerDiscoveryTests.ShoutImpl.class)
                .withPropertyValues("reprise.default-task-queue=echo", "extra.queue=echo",
                        "reprise.activity-defaults.start-to-close-timeout=10s",
                        "reprise.worker-defaults.workflow-pollers=3",
                        "reprise.worker-defaults.max-concurrent-activities=50",
                        "reprise.worker-defaults.graceful-stop-timeout=4s",
                        "reprise.workers.greetings.workflow-pollers=5",
                        "reprise.workers.greetings.activity-pollers=4",
                        "reprise.workers.greetings.max-concurrent-workflow-tasks=7",
                        "reprise.workers.greetings.graceful-stop-timeout=1500ms",
                        "reprise.worker-defaults.activities-per-second=0.5",
                        "reprise.workers.greetings.activities-per-second=20",
                        "reprise.workers.greetings.task-queue-activities-per-second=0.1",
                        "reprise.workers.greetings.max-concurrent-local-activities=3")
                .withBean("second", RepriseWorkerOptionsCustomizer.class,
                        () -> (queue, options) -> options.setIdentity(queue + "-node"))
                .withBean("first", RepriseWorkerOptionsCustomizer.class, () -> new FirstCustomizer())
                .run(context -> {
                    WorkerFactory factory = context.getBean(WorkerFactory.class);
                    WorkerOptions greetings = factory.getWorker("greetings").getOptions();
                    assertThat(greetings.getWorkflowTaskPollers()).isEqualTo(5);
                    assertThat(greetings.getActivityTaskPollers()).isEqualTo(4);
                    assertThat(greetings.getMaxConcurrentWorkflowTaskExecutions()).isEqualTo(7);
                    assertThat(greetings.getMaxConcurrentActivityExecutions()).isEqualTo(50);
                    assertThat(greetings.getGracefulStopTimeout()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(greetings.getIdentity()).isEqualTo("greetings-node");
                    assertThat(greetings.getMaxActivitiesPerSecond()).isEqualTo(20.0);
                    assertThat(greetings.getMaxTaskQueueActivitiesPerSecond()).isEqualTo(0.1);
                    assertThat(greetings.getMaxConcurrentLocalActivityExecutions()).isEqualTo(3);

                    WorkerOptions echo = factory.getWorker("echo").getOptions();
                    assertThat(echo.getWorkflowTaskPollers()).isEqualTo(3);
                    assertThat(echo.getActivityTaskPollers()).isEqualTo(2);
                    assertThat(echo.getMaxConcurrentWorkflowTaskExecutions()).isEqualTo(200);
                    assertThat(echo.getMaxConcurrentActivityExecutions()).isEqualTo(50);
                    assertThat(echo.getGracefulStopTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(echo.getMaxActivitiesPerSecond()).isEqualTo(0.5);
                    assertThat(echo.getMaxTaskQueueActivitiesPerSecond()).isEqualTo(0.0);
                    assertThat(echo.getMaxConcurrentLocalActivityExecutions()).isEqualTo(200);
                    // "first" ran before "second", which overwrote the identity it set.
                    assertThat(echo.getIdentity()).isEqualTo("echo-node");
                    assertThat(echo.getDeadlockDetectionTimeout()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    @Test
    void aQueueNameWithADotIsConfiguredInBrackets() {
        runner.withUserConfiguration(WorkerDiscoveryTests.EchoImpl.class, WorkerDiscoveryTests.ShoutImpl.class)
                .withPropertyValues("reprise.default-task-queue=orders.v2", "extra.queue=orders.v2",
                        "reprise.activity-defaults.start-to-close-timeout=10s",
                        "reprise.workers.[orders.v2].workflow-pollers=6")
                .run(context -> assertThat(context.getBean(WorkerFactory.class).getWorker("orders.v2").getOptions()
                        .getWorkflowTaskPollers()).isEqualTo(6));
    }

    @Order(1)
    static final class FirstCustomizer implements RepriseWorkerOptionsCustomizer {
        @Override
        public void customize(String taskQueue, WorkerOptions.Builder options) {
            options.setIdentity("overwritten").setDeadlockDetectionTimeout(Duration.ofSeconds(2));
        }
    }

    @Test
    void activityOptionsPerTypeOverrideTheDefaultsFieldByField() {
        runner.withPropertyValues(
                        "reprise.activity-defaults.start-to-close-timeout=10s",
                        "reprise.activity-defaults.heartbeat-timeout=3s",
                        "reprise.activity-defaults.retry.initial-interval=2s",
                        "reprise.activity-defaults.retry.maximum-attempts=2",
                        "reprise.activity-defaults.retry.non-retryable-error-types=CardDeclined",
                        "reprise.activities.Compose.start-to-close-timeout=30s",
                        "reprise.activities.Compose.retry.maximum-attempts=3",
                        "reprise.activities.Compose.retry.backoff-coefficient=1.5")
                .run(context -> {
                    WorkflowImplementationOptions options = context.getBean(WorkflowImplementationOptions.class);
                    ActivityOptions compose = options.resolve("Compose", null);
                    assertThat(compose.getStartToCloseTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(compose.getHeartbeatTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(compose.getRetryOptions()).isEqualTo(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofSeconds(2)).setBackoffCoefficient(1.5)
                            .setMaximumAttempts(3).setDoNotRetry("CardDeclined").build());

                    ActivityOptions other = options.resolve("Other", null);
                    assertThat(other.getStartToCloseTimeout()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(other.getRetryOptions()).isEqualTo(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofSeconds(2)).setMaximumAttempts(2)
                            .setDoNotRetry("CardDeclined").build());

                    ActivityOptions fromCode = options.resolve("Compose", ActivityOptions.newBuilder()
                            .setStartToCloseTimeout(Duration.ofSeconds(1)).build());
                    assertThat(fromCode.getStartToCloseTimeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(fromCode.getRetryOptions().getMaximumAttempts()).isEqualTo(3);
                });
    }

    @Test
    void perTypeRetryAttemptsFromPropertiesDecideHowOftenAnActivityRuns() {
        // On the test environment: the retry backoffs (1 s, 2 s, ...) are skipped.
        ApplicationContextRunner timeSkipping = runner.withUserConfiguration(RepriseTestConfiguration.class,
                        GreetingWorkflowImpl.class, GreetingActivitiesImpl.class)
                .withPropertyValues("reprise.activity-defaults.start-to-close-timeout=10s",
                        "reprise.activity-defaults.retry.maximum-attempts=2");

        timeSkipping.withPropertyValues("reprise.activities.Compose.retry.maximum-attempts=4").run(context -> {
            GreetingActivitiesImpl activities = context.getBean(GreetingActivitiesImpl.class);
            activities.failFirstAttempts(3);
            assertThat(greet(context.getBean(WorkflowClient.class))).isEqualTo("Hello, Ada!");
            assertThat(activities.attempts()).containsExactly("Ada#1", "Ada#2", "Ada#3", "Ada#4");
        });

        timeSkipping.run(context -> {
            GreetingActivitiesImpl activities = context.getBean(GreetingActivitiesImpl.class);
            activities.failFirstAttempts(3);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> greet(context.getBean(WorkflowClient.class)))
                    .isInstanceOf(WorkflowFailedException.class);
            assertThat(activities.attempts()).containsExactly("Ada#1", "Ada#2");
        });
    }

    private static String greet(WorkflowClient client) {
        return client.newWorkflowStub(GreetingWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue("greetings").build()).greet("Ada");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void optionsForATaskQueueOrActivityTypeNoBeanHasAreReportedAsLikelyTypos(CapturedOutput output) {
        runner.withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class)
                .withPropertyValues("reprise.activity-defaults.start-to-close-timeout=10s",
                        "reprise.workers.greeting.workflow-pollers=3",
                        "reprise.workers.greetings.workflow-pollers=4",
                        "reprise.activities.Compse.retry.maximum-attempts=3",
                        "reprise.activities.Compose.retry.maximum-attempts=3")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("reprise.workers.greeting: no @WorkflowImpl/@ActivityImpl bean of this "
                        + "application has the Task Queue \"greeting\", so these options have no effect (known: "
                        + "[greetings]); check the spelling")
                .contains("reprise.activities.Compse: no @WorkflowImpl/@ActivityImpl bean of this application has "
                        + "the Activity Type \"Compse\", so these options have no effect (known: [Compose]); check "
                        + "the spelling")
                .doesNotContain("reprise.workers.greetings:")
                .doesNotContain("reprise.activities.Compose:");
    }

    @Test
    void workflowDefaultsPresetTheOptionsFactory() {
        runner.withPropertyValues("reprise.default-task-queue=orders",
                        "reprise.workflow-defaults.execution-timeout=7d",
                        "reprise.workflow-defaults.run-timeout=1d",
                        "reprise.workflow-defaults.task-timeout=20s")
                .run(context -> {
                    WorkflowOptions options = context.getBean(RepriseWorkflowOptionsFactory.class).newBuilder()
                            .setWorkflowId("order-1").setWorkflowRunTimeout(Duration.ofHours(2)).build();
                    assertThat(options.getWorkflowId()).isEqualTo("order-1");
                    assertThat(options.getTaskQueue()).isEqualTo("orders");
                    assertThat(options.getWorkflowExecutionTimeout()).isEqualTo(Duration.ofDays(7));
                    assertThat(options.getWorkflowRunTimeout()).isEqualTo(Duration.ofHours(2));
                    assertThat(options.getWorkflowTaskTimeout()).isEqualTo(Duration.ofSeconds(20));
                });
    }

    @Test
    void withoutWorkflowDefaultsTheOptionsFactoryLeavesEverythingToTheCore() {
        runner.run(context -> {
            WorkflowOptions defaults = context.getBean(RepriseWorkflowOptionsFactory.class).getDefaults();
            assertThat(defaults.getTaskQueue()).isNull();
            assertThat(defaults.getWorkflowExecutionTimeout()).isNull();
            assertThat(defaults.getWorkflowRunTimeout()).isNull();
            assertThat(defaults.getWorkflowTaskTimeout()).isNull();
        });
    }

    @Test
    void theNamespaceReachesTheClient() {
        runner.withPropertyValues("reprise.namespace=billing").run(context ->
                assertThat(context.getBean(WorkflowClient.class).getOptions().getNamespace()).isEqualTo("billing"));
    }

    @Test
    void theConfiguredNamespacesAndTheClientsAreRegisteredAtStartup() {
        runner.withPropertyValues("reprise.namespace=billing",
                        "reprise.engine.namespaces.audit.retention=30d",
                        "reprise.engine.namespaces.audit.description=Kept for a month",
                        "reprise.engine.namespaces.default.retention=7d")
                .run(context -> {
                    Engine engine = context.getBean(Engine.class);
                    assertThat(engine.listNamespaces())
                            .extracting(NamespaceDescription::name, NamespaceDescription::retention,
                                    NamespaceDescription::description)
                            .containsExactly(
                                    tuple("audit", Duration.ofDays(30), "Kept for a month"),
                                    tuple("billing", Duration.ofDays(3), ""),
                                    tuple("default", Duration.ofDays(7),
                                            "The namespace clients use unless they name another"));
                });
    }

    @Test
    void aRestartAppliesTheConfiguredRetentionToAnExistingNamespace(@TempDir Path dir) {
        ApplicationContextRunner fileStore = runner.withPropertyValues("reprise.store.type=sqlite",
                "reprise.store.path=" + dir.resolve("reprise.db"));
        fileStore.withPropertyValues("reprise.engine.namespaces.audit.retention=30d",
                "reprise.engine.namespaces.audit.description=Kept for a month").run(context ->
                assertThat(context.getBean(Engine.class).describeNamespace("audit").retention())
                        .isEqualTo(Duration.ofDays(30)));

        fileStore.withPropertyValues("reprise.engine.namespaces.audit.retention=2d").run(context -> {
            NamespaceDescription audit = context.getBean(Engine.class).describeNamespace("audit");
            assertThat(audit.retention()).isEqualTo(Duration.ofDays(2));
            assertThat(audit.description()).isEqualTo("Kept for a month");
        });
    }

    @Test
    void theSqliteStoreIsTheDefaultAndUsesTheConfiguredFile(@TempDir Path dir) {
        Path file = dir.resolve("nested/reprise.db");
        new ApplicationContextRunner().withConfiguration(WorkerDiscoveryTests.REPRISE)
                .withPropertyValues("reprise.store.path=" + file, "reprise.store.synchronous=full")
                .run(context -> {
                    assertThat(context).hasSingleBean(Engine.class);
                    assertThat(Files.exists(file)).isTrue();
                    assertThat(context.getBean(io.reprise.spring.boot.autoconfigure.RepriseProperties.class)
                            .getStore().getSynchronous()).isEqualTo(SqliteOptions.Synchronous.FULL);
                });
    }

    @Test
    void theApplicationsContextPropagatorsBecomeTheClients() {
        ContextPropagator first = propagator("first");
        ContextPropagator second = propagator("second");
        runner.withBean("first", ContextPropagator.class, () -> first)
                .withBean("second", ContextPropagator.class, () -> second)
                .run(context -> assertThat(context.getBean(WorkflowClient.class).getOptions().getContextPropagators())
                        .containsExactly(first, second));
        runner.run(context -> assertThat(context.getBean(WorkflowClient.class).getOptions().getContextPropagators())
                .isEmpty());
    }

    private static ContextPropagator propagator(String name) {
        return new ContextPropagator() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Map<String, Payload> serializeContext(Object context) {
                return Map.of();
            }

            @Override
            public Object deserializeContext(Map<String, Payload> header) {
                return null;
            }

            @Override
            public Object getCurrentContext() {
                return null;
            }

            @Override
            public void setCurrentContext(Object context) {
            }
        };
    }

    @Test
    void theDataConverterIsTheApplicationsOneThenOneOnItsJsonMapperThenTheDefault() {
        DataConverter own = new DataConverter() {
            @Override
            public Payload toPayload(Object value) {
                return DataConverter.getDefaultInstance().toPayload(value);
            }

            @Override
            public <T> T fromPayload(Payload payload, Class<T> rawType, Type type) {
                return DataConverter.getDefaultInstance().fromPayload(payload, rawType, type);
            }
        };
        runner.withBean(DataConverter.class, () -> own).run(context -> {
            assertThat(context.getBean(DataConverter.class)).isSameAs(own);
            assertThat(context.getBean(WorkflowClient.class).getOptions().getDataConverter()).isSameAs(own);
        });

        JsonMapper mapper = JsonMapper.builder().build();
        runner.withBean(JsonMapper.class, () -> mapper).run(context ->
                assertThat(((JacksonDataConverter) context.getBean(DataConverter.class)).getObjectMapper())
                        .isSameAs(mapper));

        runner.run(context ->
                assertThat(context.getBean(DataConverter.class)).isSameAs(DataConverter.getDefaultInstance()));
    }

    @Test
    void theApplicationsOwnBeansReplaceTheAutoConfiguredOnes() {
        WorkflowImplementationOptions own = WorkflowImplementationOptions.newBuilder().build();
        runner.withBean(WorkflowImplementationOptions.class, () -> own)
                .run(context -> {
                    assertThat(context).getBeans(WorkflowImplementationOptions.class).hasSize(1);
                    assertThat(context.getBean(WorkflowImplementationOptions.class)).isSameAs(own);
                    assertThat(List.of(context.getBeanNamesForType(Engine.class))).containsExactly("repriseEngine");
                });
    }
}
