package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import io.reprise.spring.boot.diagnostics.RepriseStartupFailureAnalyzer;
import io.reprise.spring.boot.diagnostics.StoreFailureAnalyzer;
import io.reprise.spring.boot.diagnostics.WorkflowInjectionFailureAnalyzer;
import io.reprise.spring.boot.fixtures.GreetingActivities;
import io.reprise.spring.boot.fixtures.GreetingActivitiesImpl;
import io.reprise.spring.boot.fixtures.GreetingWorkflow;
import io.reprise.spring.boot.fixtures.GreetingWorkflowImpl;
import io.reprise.spring.boot.fixtures.Salutation;
import io.reprise.workflow.WorkflowInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** Each way the starter refuses to start, as the user reads it: what is wrong, what to do. */
class StartupFailureTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(WorkerDiscoveryTests.REPRISE)
            .withPropertyValues("reprise.store.type=memory",
                    "reprise.activity-defaults.start-to-close-timeout=10s")
            .withBean(Salutation.class, "Hello");

    public static class SecondGreetingWorkflow implements GreetingWorkflow {
        @Override
        public String greet(String name) {
            return name;
        }
    }

    @WorkflowImpl(taskQueues = "greetings")
    public static class AnotherGreetingWorkflow extends SecondGreetingWorkflow {
    }

    @ActivityImpl(taskQueues = "greetings")
    public static class AnotherGreetingActivities implements GreetingActivities {
        @Override
        public String compose(String salutation, String name) {
            return name;
        }
    }

    @WorkflowImpl(taskQueues = "greetings")
    public static class NotAWorkflow {
    }

    @ActivityImpl(taskQueues = "greetings")
    public static class NotAnActivity implements Runnable {
        @Override
        public void run() {
        }
    }

    @WorkflowInterface
    public interface NoEntryPoint {
        String greet(String name);
    }

    @WorkflowImpl(taskQueues = "greetings")
    public static class NoEntryPointImpl implements NoEntryPoint {
        @Override
        public String greet(String name) {
            return name;
        }
    }

    @ActivityImpl
    public static class NoQueueActivities implements GreetingActivities {
        @Override
        public String compose(String salutation, String name) {
            return name;
        }
    }

    @ActivityImpl(taskQueues = "${missing.queue.property}")
    public static class UnresolvableQueueActivities implements GreetingActivities {
        @Override
        public String compose(String salutation, String name) {
            return name;
        }
    }

    @Test
    void aWorkflowTypeImplementedTwiceOnOneQueue() {
        FailureAnalysis analysis = failure(runner.withUserConfiguration(GreetingWorkflowImpl.class,
                AnotherGreetingWorkflow.class, GreetingActivitiesImpl.class));
        assertThat(analysis.getDescription()).isEqualTo("Workflow type \"GreetingWorkflow\" is implemented twice on "
                + "task queue \"greetings\": by bean 'greetingWorkflowImpl' (" + GreetingWorkflowImpl.class.getName()
                + ") and by bean 'startupFailureTests.AnotherGreetingWorkflow' ("
                + AnotherGreetingWorkflow.class.getName() + "). A worker runs exactly one implementation of each type.");
        assertThat(analysis.getAction()).isEqualTo("Keep one implementation of \"GreetingWorkflow\" on task queue "
                + "\"greetings\": remove @WorkflowImpl (or the bean) from one of them, or give them different task "
                + "queues with @WorkflowImpl(taskQueues = ...).");
    }

    @Test
    void anActivityTypeImplementedTwiceOnOneQueue() {
        FailureAnalysis analysis = failure(runner.withUserConfiguration(GreetingActivitiesImpl.class,
                AnotherGreetingActivities.class));
        assertThat(analysis.getDescription()).isEqualTo("Activity type \"Compose\" is implemented twice on task queue "
                + "\"greetings\": by bean 'greetingActivitiesImpl' (" + GreetingActivitiesImpl.class.getName()
                + ") and by bean 'startupFailureTests.AnotherGreetingActivities' ("
                + AnotherGreetingActivities.class.getName() + "). A worker runs exactly one implementation of each type.");
        assertThat(analysis.getAction()).startsWith("Keep one implementation of \"Compose\" on task queue "
                + "\"greetings\": remove @ActivityImpl (or the bean) from one of them");
    }

    @Test
    void aWorkflowWhoseActivityStubHasNoTimeoutAnywhere() {
        FailureAnalysis analysis = failure(new ApplicationContextRunner()
                .withConfiguration(WorkerDiscoveryTests.REPRISE)
                .withPropertyValues("reprise.store.type=memory")
                .withBean(Salutation.class, "Hello")
                .withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class));
        assertThat(analysis.getDescription()).isEqualTo("Bean 'greetingWorkflowImpl' ("
                + GreetingWorkflowImpl.class.getName() + ", @WorkflowImpl) creates an activity stub for Activity Type "
                + "\"Compose\" with incomplete options: ActivityOptions for activity \"Compose\": one of "
                + "startToCloseTimeout or scheduleToCloseTimeout is required; set e.g. ActivityOptions.newBuilder()"
                + ".setStartToCloseTimeout(Duration.ofSeconds(10)). Every execution would fail its first workflow "
                + "task.");
        assertThat(analysis.getAction()).isEqualTo("Give the activity a timeout in application.yml: "
                + "reprise.activities.Compose.start-to-close-timeout (this type) or "
                + "reprise.activity-defaults.start-to-close-timeout (every activity), e.g. 10s; or pass "
                + "ActivityOptions with a timeout to Workflow.newActivityStub in the workflow code.");
    }

    @Test
    void aTimeoutForTheActivityTypeAloneIsEnough() {
        new ApplicationContextRunner()
                .withConfiguration(WorkerDiscoveryTests.REPRISE)
                .withPropertyValues("reprise.store.type=memory", "reprise.activities.Compose.schedule-to-close-timeout=1m")
                .withBean(Salutation.class, "Hello")
                .withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class)
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theSameTypeOnTwoDifferentQueuesIsFine() {
        runner.withUserConfiguration(GreetingActivitiesImpl.class, AnotherGreetingActivities.class)
                .withPropertyValues("greetings.task-queue=front-desk")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aWorkflowImplThatImplementsNoWorkflowInterface() {
        FailureAnalysis analysis = failure(runner.withUserConfiguration(NotAWorkflow.class));
        assertThat(analysis.getDescription()).isEqualTo("Bean 'startupFailureTests.NotAWorkflow' ("
                + NotAWorkflow.class.getName() + ") is annotated with @WorkflowImpl but implements no interface "
                + "annotated with @WorkflowInterface.");
        assertThat(analysis.getAction()).isEqualTo("Make NotAWorkflow implement its WorkflowInterface (the interface "
                + "workflows call through, annotated with @WorkflowInterface), or remove @WorkflowImpl from it.");
    }

    @Test
    void anActivityImplThatImplementsNoActivityInterface() {
        FailureAnalysis analysis = failure(runner.withUserConfiguration(NotAnActivity.class));
        assertThat(analysis.getDescription()).isEqualTo("Bean 'startupFailureTests.NotAnActivity' ("
                + NotAnActivity.class.getName() + ") is annotated with @ActivityImpl but implements no interface "
                + "annotated with @ActivityInterface.");
        assertThat(analysis.getAction()).isEqualTo("Make NotAnActivity implement its ActivityInterface (the interface "
                + "workflows call through, annotated with @ActivityInterface), or remove @ActivityImpl from it.");
    }

    @Test
    void aWorkflowInterfaceTheCoreRefuses() {
        FailureAnalysis analysis = failure(runner.withUserConfiguration(NoEntryPointImpl.class));
        assertThat(analysis.getDescription()).isEqualTo("Bean 'startupFailureTests.NoEntryPointImpl' ("
                + NoEntryPointImpl.class.getName() + ", @WorkflowImpl) cannot be registered: Workflow interface "
                + NoEntryPoint.class.getName() + " has no method annotated with @WorkflowMethod; mark its entry point");
        assertThat(analysis.getAction()).isEqualTo("Fix the interface as the message says, then start the application "
                + "again.");
    }

    @Test
    void aBeanWithoutTaskQueueWhenNoDefaultIsSet() {
        FailureAnalysis analysis = failure(runner.withUserConfiguration(NoQueueActivities.class));
        assertThat(analysis.getDescription()).isEqualTo("Bean 'startupFailureTests.NoQueueActivities' ("
                + NoQueueActivities.class.getName() + ") is annotated with @ActivityImpl without taskQueues, and "
                + "reprise.default-task-queue is not set, so no worker would run it.");
        assertThat(analysis.getAction()).isEqualTo("Name its queues with @ActivityImpl(taskQueues = \"orders\"), or set "
                + "reprise.default-task-queue (e.g. reprise.default-task-queue: orders in application.yml).");
    }

    @Test
    void aTaskQueuePlaceholderThatCannotBeResolved() {
        FailureAnalysis analysis = failure(runner.withUserConfiguration(UnresolvableQueueActivities.class));
        assertThat(analysis.getDescription()).startsWith("Bean 'startupFailureTests.UnresolvableQueueActivities' ("
                + UnresolvableQueueActivities.class.getName() + ") has @ActivityImpl(taskQueues = "
                + "[${missing.queue.property}]): the placeholder cannot be resolved (")
                .contains("missing.queue.property");
        assertThat(analysis.getAction()).isEqualTo("Give every entry of taskQueues a non-blank name, or a ${...} "
                + "placeholder whose property is set (a default works too: ${orders.task-queue:orders}).");
    }

    @Test
    void zeroPollers() {
        assertInvalid("reprise.workers.orders.workflow-pollers=0",
                "Invalid value for reprise.workers.orders.workflow-pollers: 0. It must be at least 1.",
                "Set reprise.workers.orders.workflow-pollers to at least 1 (for example 2), or remove it to use the "
                        + "default.");
        assertInvalid("reprise.worker-defaults.max-concurrent-activities=0",
                "Invalid value for reprise.worker-defaults.max-concurrent-activities: 0. It must be at least 1.",
                "Set reprise.worker-defaults.max-concurrent-activities to at least 1 (for example 200), or remove it "
                        + "to use the default.");
        assertInvalid("reprise.workers.orders.activities-per-second=-1",
                "Invalid value for reprise.workers.orders.activities-per-second: -1.0. It must be 0 (unlimited) or a "
                        + "positive number.",
                "Set reprise.workers.orders.activities-per-second to 0 (unlimited) or a positive number (for example "
                        + "0.5), or remove it to use the default.");
    }

    @Test
    void negativeDurations() {
        assertInvalid("reprise.activity-defaults.start-to-close-timeout=-5s",
                "Invalid value for reprise.activity-defaults.start-to-close-timeout: -5s. It must be a positive "
                        + "duration.",
                "Set reprise.activity-defaults.start-to-close-timeout to a positive duration (for example 10s), or "
                        + "remove it to use the default.");
        assertInvalid("reprise.workers.orders.graceful-stop-timeout=-1s",
                "Invalid value for reprise.workers.orders.graceful-stop-timeout: -1s. It must be zero or a positive "
                        + "duration.",
                "Set reprise.workers.orders.graceful-stop-timeout to zero or a positive duration (for example 10s), "
                        + "or remove it to use the default.");
        assertInvalid("reprise.activities.Compose.heartbeat-timeout=0s",
                "Invalid value for reprise.activities.Compose.heartbeat-timeout: 0s. It must be a positive duration.",
                "Set reprise.activities.Compose.heartbeat-timeout to a positive duration (for example 10s), or remove "
                        + "it to use the default.");
    }

    @Test
    void retryOptionsOutOfRange() {
        assertInvalid("reprise.activity-defaults.retry.backoff-coefficient=0.5",
                "Invalid value for reprise.activity-defaults.retry.backoff-coefficient: 0.5. It must be at least 1.0.",
                "Set reprise.activity-defaults.retry.backoff-coefficient to at least 1.0 (for example 2.0), or remove "
                        + "it to use the default.");
        assertInvalid("reprise.activities.Compose.retry.maximum-attempts=-1",
                "Invalid value for reprise.activities.Compose.retry.maximum-attempts: -1. It must be 0 (unlimited) or "
                        + "more.",
                "Set reprise.activities.Compose.retry.maximum-attempts to 0 (unlimited) or more (for example 3), or "
                        + "remove it to use the default.");
    }

    @Test
    void aMaximumIntervalBelowTheInheritedInitialInterval() {
        FailureAnalysis analysis = failure(runner.withPropertyValues(
                "reprise.activity-defaults.retry.initial-interval=2s",
                "reprise.activities.Compose.retry.maximum-interval=500ms"));
        assertThat(analysis.getDescription()).isEqualTo("Invalid value for reprise.activities.Compose.retry."
                + "maximum-interval: 500ms. It must be at least the initial interval, 2s.");
        assertThat(analysis.getAction()).isEqualTo("Set reprise.activities.Compose.retry.maximum-interval to at least "
                + "the initial interval, 2s (for example 200s), or remove it to use the default.");
    }

    @Test
    void aWorkflowTaskTimeoutAboveTheLimit() {
        assertInvalid("reprise.workflow-defaults.task-timeout=3m",
                "Invalid value for reprise.workflow-defaults.task-timeout: 3m. It must be a positive duration of at "
                        + "most 120s.",
                "Set reprise.workflow-defaults.task-timeout to a positive duration of at most 120s (for example 10s), "
                        + "or remove it to use the default.");
    }

    @Test
    void aBlankNamespace() {
        assertInvalid("reprise.namespace= ",
                "Invalid value for reprise.namespace: \"\". It must be a non-blank name.",
                "Set reprise.namespace to a non-blank name (for example default), or remove it to use the default.");
    }

    @Test
    void aNamespaceNameWithASpace() {
        assertInvalid("reprise.namespace=my namespace",
                "Invalid value for reprise.namespace: \"my namespace\". It must be a namespace name: 1 to 255 letters, "
                        + "digits, '-', '_' and '.', starting with a letter or a digit.",
                "Set reprise.namespace to a namespace name: 1 to 255 letters, digits, '-', '_' and '.', starting with "
                        + "a letter or a digit (for example billing), or remove it to use the default.");
    }

    @Test
    void aNamespaceRetentionShorterThanADay() {
        assertInvalid("reprise.engine.namespaces.billing.retention=12h",
                "Invalid value for reprise.engine.namespaces.billing.retention: 12h. It must be a duration between 1d "
                        + "and 36500d.",
                "Set reprise.engine.namespaces.billing.retention to a duration between 1d and 36500d (for example 7d),"
                        + " or remove it to use the default.");
    }

    @Test
    void aStoreTypeThatHasNoStore() {
        for (String type : new String[] { "oracle", "mysql" }) {
            FailureAnalysis analysis = failure(runner.withPropertyValues("reprise.store.type=" + type));
            assertThat(analysis.getDescription()).isEqualTo("Invalid value for reprise.store.type: \"" + type
                    + "\". This version of Reprise has no store of that type; the supported types are sqlite, memory, postgres.");
            assertThat(analysis.getAction()).isEqualTo("Set reprise.store.type to one of sqlite, memory, postgres (or remove it "
                    + "to use the default, sqlite).");
        }
    }

    @Test
    void storeTypesAreReadIgnoringCase() {
        runner.withPropertyValues("reprise.store.type=MEMORY").run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(ExecutionStore.class));
    }

    @Test
    void aStoreFileAlreadyOpenByAnotherEngine(@TempDir Path dir) {
        ApplicationContextRunner fileStore = new ApplicationContextRunner()
                .withConfiguration(WorkerDiscoveryTests.REPRISE)
                .withPropertyValues("reprise.store.path=" + dir.resolve("reprise.db"));
        fileStore.run(first -> {
            assertThat(first).hasNotFailed();
            fileStore.run(second -> {
                assertThat(second).hasFailed();
                FailureAnalysis analysis = new StoreFailureAnalyzer().analyze(second.getStartupFailure());
                assertThat(analysis.getDescription()).startsWith("The Reprise store cannot be opened: SQLite store "
                        + "file " + dir.resolve("reprise.db") + " is already open by another store in this process");
                assertThat(analysis.getAction()).isEqualTo("If another instance of this application uses the same "
                        + "file or PostgreSQL schema, stop it or give this one its own reprise.store.path (SQLite) or"
                        + " reprise.store.postgres.schema (PostgreSQL). The instances on one PostgreSQL schema either"
                        + " all run as cluster nodes (the default) or are one engine alone (reprise.cluster.enabled:"
                        + " false): set the same on each. For tests, set reprise.store.type=memory (or use"
                        + " @RepriseTest).");
            });
        });
    }

    @Test
    void aStorePathThatIsADirectory(@TempDir Path dir) {
        FailureAnalysis analysis = storeFailure(dir);
        assertThat(analysis.getDescription()).isEqualTo("The Reprise store cannot be opened: SQLite store path " + dir
                + " is a directory, not a file: set the store path to a file, e.g. " + dir.resolve("reprise.db"));
        assertThat(analysis.getAction()).isEqualTo(UNUSABLE_PATH_ACTION);
    }

    @Test
    void aStoreDirectoryThatCannotBeCreated(@TempDir Path dir) throws Exception {
        Path regularFile = Files.writeString(dir.resolve("plain.txt"), "not a directory");
        FailureAnalysis analysis = storeFailure(regularFile.resolve("data/reprise.db"));
        assertThat(analysis.getDescription()).startsWith("The Reprise store cannot be opened: Cannot create the "
                + "directory " + regularFile.resolve("data") + " for SQLite store file ")
                .contains(regularFile + " exists and is not a directory");
        assertThat(analysis.getAction()).isEqualTo(UNUSABLE_PATH_ACTION);
    }

    private static final String UNUSABLE_PATH_ACTION = "Set reprise.store.path to a file in a directory this "
            + "application may create and write (the default is ./reprise-data/reprise.db), or fix the permissions of "
            + "the path named above.";

    @Test
    void aStoreFileWrittenByANewerVersion(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reprise.db");
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = raw.createStatement()) {
            statement.execute("CREATE TABLE reprise_schema_version (version INTEGER NOT NULL PRIMARY KEY)");
            statement.execute("INSERT INTO reprise_schema_version (version) VALUES (999)");
        }
        FailureAnalysis analysis = storeFailure(file);
        assertThat(analysis.getDescription()).startsWith("The Reprise store cannot be opened: SQLite store file "
                + file.toRealPath() + " has schema version 999 but this version of Reprise supports up to ");
        assertThat(analysis.getAction()).isEqualTo("The file was written by a newer version of Reprise, and this "
                + "version cannot read it: run the application with that version of Reprise (or a newer one), or set "
                + "reprise.store.path to another file.");
    }

    @Test
    void aStoreFileThatIsNotADatabase(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "this is not a SQLite database file".repeat(100));
        FailureAnalysis analysis = storeFailure(file);
        assertThat(analysis.getDescription()).startsWith("The Reprise store cannot be opened: Cannot open SQLite store "
                + "file " + file.toRealPath() + ": ");
        assertThat(analysis.getAction()).isEqualTo("reprise.store.path must name a Reprise SQLite database, or a file "
                + "that does not exist yet (Reprise creates it): point it at the right file or at a new one.");
    }

    /** The store analysis of a context whose reprise.store.path is {@code path}. */
    private static FailureAnalysis storeFailure(Path path) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        new ApplicationContextRunner().withConfiguration(WorkerDiscoveryTests.REPRISE)
                .withPropertyValues("reprise.store.path=" + path)
                .run(context -> {
                    assertThat(context).hasFailed();
                    analysis[0] = new StoreFailureAnalyzer().analyze(context.getStartupFailure());
                });
        assertThat(analysis[0]).as("a store failure analysis").isNotNull();
        return analysis[0];
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ io.reprise.spring.boot.autoconfigure.RepriseEngineAutoConfiguration.class,
            io.reprise.spring.boot.autoconfigure.RepriseClientAutoConfiguration.class,
            io.reprise.spring.boot.autoconfigure.RepriseWorkerAutoConfiguration.class })
    @Import({ GreetingWorkflowImpl.class, GreetingActivitiesImpl.class })
    static class Application {
        @Bean
        Salutation salutation() {
            return new Salutation("Hello");
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aSpringApplicationPrintsTheAnalysisWithTheValuesOriginAndNoStackTrace(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        // startup-failure.yml sets reprise.workers.greetings.activity-pollers to 0 on its line 5.
        assertThatThrownBy(() -> application.run("--spring.config.name=startup-failure"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value for reprise.workers.greetings.activity-pollers: 0. It must be at least 1. "
                        + "(The value comes from class path resource [startup-failure.yml] - 5:25.)")
                .contains("Set reprise.workers.greetings.activity-pollers to at least 1 (for example 2), or remove it "
                        + "to use the default.")
                .doesNotContain("Application run failed")
                .doesNotContain("\tat ");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theOriginOfABadValueForAnActivityTypeWithCapitals(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        // startup-failure-activity.yml sets reprise.activities.Compose.start-to-close-timeout to 0s on its line 5.
        assertThatThrownBy(() -> application.run("--spring.config.name=startup-failure-activity"));
        assertThat(output).contains("Invalid value for reprise.activities.Compose.start-to-close-timeout: 0s. It must "
                + "be a positive duration. (The value comes from class path resource [startup-failure-activity.yml] "
                + "- 5:31.)");
    }

    @Test
    void theOriginOfABadValueForAnActivityTypeInAPropertiesFile() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new OriginTrackedMapPropertySource("application.properties",
                Map.of("reprise.activities.ChargeCard.retry.maximum-attempts", OriginTrackedValue.of("-1",
                        new TextResourceOrigin(new ClassPathResource("application.properties"),
                                new TextResourceOrigin.Location(6, 0))))));
        FailureAnalysis analysis = new RepriseStartupFailureAnalyzer(environment).analyze(RepriseStartupException
                .invalidProperty("reprise.activities.ChargeCard.retry.maximum-attempts", -1, "0 (unlimited) or more",
                        "3"));
        assertThat(analysis.getDescription()).endsWith("(The value comes from class path resource "
                + "[application.properties] - 7:1.)");
    }

    /** Wants the workflow injected, where a client stub was meant. */
    static class NeedsGreetingWorkflow {
        NeedsGreetingWorkflow(GreetingWorkflow workflow) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import({ Application.class, NeedsGreetingWorkflow.class })
    static class InjectsAWorkflow {
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void injectingAWorkflowInterfaceSaysToInjectAWorkflowClientInstead(CapturedOutput output) {
        SpringApplication application = new SpringApplication(InjectsAWorkflow.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--reprise.store.type=memory",
                "--reprise.activity-defaults.start-to-close-timeout=10s"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Parameter 0 of constructor in " + NeedsGreetingWorkflow.class.getName() + " asks for "
                        + GreetingWorkflow.class.getName() + " to be injected. GreetingWorkflow is a @WorkflowInterface: "
                        + "workflow code runs only inside a Workflow Execution, on a worker, so its implementation "
                        + "(@WorkflowImpl bean '" + GreetingWorkflowImpl.class.getName() + "') is not a bean to inject.")
                .contains("To start or call the workflow, inject WorkflowClient (and RepriseWorkflowOptionsFactory "
                        + "for the options) instead, and make a stub: client.newWorkflowStub(GreetingWorkflow.class, "
                        + "options.newBuilder().setWorkflowId(...).build()).")
                .doesNotContain("Application run failed")
                .doesNotContain("\tat ");
    }

    static class NeedsGreetingWorkflowInAField {
        @Autowired
        GreetingWorkflow workflow;
    }

    @Test
    void aWorkflowInterfaceInAnAutowiredField() {
        runner.withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class,
                NeedsGreetingWorkflowInAField.class).run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new WorkflowInjectionFailureAnalyzer(null)
                            .analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).isEqualTo("Field workflow in "
                            + NeedsGreetingWorkflowInAField.class.getName() + " asks for "
                            + GreetingWorkflow.class.getName() + " to be injected. GreetingWorkflow is a "
                            + "@WorkflowInterface: workflow code runs only inside a Workflow Execution, on a worker, "
                            + "so its implementation is not a bean to inject.");
                    assertThat(analysis.getAction()).startsWith("To start or call the workflow, inject "
                            + "WorkflowClient");
                });
    }

    @Test
    void otherMissingBeansAreLeftToSpringBoot() {
        runner.withUserConfiguration(NeedsSalutationText.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(new WorkflowInjectionFailureAnalyzer(null).analyze(context.getStartupFailure())).isNull();
        });
    }

    static class NeedsSalutationText {
        NeedsSalutationText(StringBuilder text) {
        }
    }

    private void assertInvalid(String property, String description, String action) {
        FailureAnalysis analysis = failure(runner.withPropertyValues(property));
        assertThat(analysis.getDescription()).isEqualTo(description);
        assertThat(analysis.getAction()).isEqualTo(action);
    }

    /** The analysis of the context's startup failure, as Spring Boot would print it. */
    private static FailureAnalysis failure(ApplicationContextRunner runner) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.run(context -> {
            assertThat(context).hasFailed();
            analysis[0] = new RepriseStartupFailureAnalyzer(null).analyze(context.getStartupFailure());
        });
        assertThat(analysis[0]).as("a Reprise failure analysis").isNotNull();
        return analysis[0];
    }
}
