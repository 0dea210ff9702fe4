package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerStats;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class TestWorkflowExtensionTest {

    static final String QUEUE = "extension";
    static final Instant START = Instant.parse("2030-05-01T12:00:00Z");

    @ActivityInterface
    public interface Greeter {
        String greet(String name);
    }

    static final class GreeterImpl implements Greeter {
        private final String greeting;

        GreeterImpl(String greeting) {
            this.greeting = greeting;
        }

        @Override
        public String greet(String name) {
            return greeting + ", " + name;
        }
    }

    @WorkflowInterface
    public interface Greeting {
        @WorkflowMethod
        String greet(String name);
    }

    public static final class GreetingImpl implements Greeting {
        @Override
        public String greet(String name) {
            return Workflow.newActivityStub(Greeter.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(10)).build()).greet(name);
        }
    }

    @WorkflowInterface
    public interface Clock {
        @WorkflowMethod
        long now();
    }

    public static final class ClockImpl implements Clock {
        @Override
        public long now() {
            return Workflow.currentTimeMillis();
        }
    }

    @WorkflowInterface
    public interface NeverRegistered {
        @WorkflowMethod
        void run();
    }

    @Test
    void aBlankTaskQueueIsRefusedWithTheDefaultNamed() {
        assertThatThrownBy(() -> TestWorkflowExtension.newBuilder().setTaskQueue(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TestWorkflowExtension task queue must not be blank, got \" \"; leave it unset for"
                        + " \"test-task-queue\"");
    }

    @Test
    void aStubOfAnUnregisteredWorkflowInterfaceFailsTheTestNamingWhatIsRegistered() {
        TestExecutionSummary summary = run(AsksForAnUnregisteredStub.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException())
                .hasMessageContaining("Workflow interface " + NeverRegistered.class.getName()
                        + " is implemented by no workflow type registered with this TestWorkflowExtension"
                        + " (registered: [GreetingImpl]); add its implementation with"
                        + " TestWorkflowExtension.Builder.registerWorkflowImplementationTypes");
    }

    @Test
    void theEnvironmentIsClosedAfterEachTest() {
        TestExecutionSummary summary = run(KeepsItsEnvironment.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(KeepsItsEnvironment.seen.getWorkerFactory().getWorkers().get(0).getStats().state())
                .isEqualTo(WorkerStats.State.STOPPED);
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    /** Run by {@link #aStubOfAnUnregisteredWorkflowInterfaceFailsTheTestNamingWhatIsRegistered} only. */
    static class AsksForAnUnregisteredStub {
        @RegisterExtension
        static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
                .registerWorkflowImplementationTypes(GreetingImpl.class).build();

        @Test
        void wantsAStub(NeverRegistered stub) {
        }
    }

    /** Run by {@link #theEnvironmentIsClosedAfterEachTest} only. */
    static class KeepsItsEnvironment {
        static TestWorkflowEnvironment seen;

        @RegisterExtension
        static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
                .registerWorkflowImplementationTypes(GreetingImpl.class).build();

        @Test
        void keeps(TestWorkflowEnvironment env, Worker worker) {
            seen = env;
            assertThat(worker.getStats().state()).isEqualTo(WorkerStats.State.RUNNING);
        }
    }

    /** The parameters a test method can declare. */
    @Nested
    class Injection {
        @RegisterExtension
        final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
                .registerWorkflowImplementationTypes(GreetingImpl.class, ClockImpl.class)
                .setActivityImplementations(new GreeterImpl("Hello"))
                .setTaskQueue(QUEUE)
                .build();

        @Test
        void injectsTheEnvironmentItsClientItsWorkerAndATypedStubOnTheTaskQueue(TestWorkflowEnvironment env,
                WorkflowClient client, Worker worker, Greeting greeting) {
            assertThat(client).isSameAs(env.getWorkflowClient());
            assertThat(worker.getTaskQueue()).isEqualTo(QUEUE);
            assertThat(worker.getRegisteredWorkflowTypes()).containsExactlyInAnyOrder("Greeting", "Clock");
            assertThat(worker.getStats().state()).isEqualTo(WorkerStats.State.RUNNING);

            assertThat(greeting.greet("Ada")).isEqualTo("Hello, Ada");
            assertThat(testWorkflow.getTaskQueue()).isEqualTo(QUEUE);
        }

        @Test
        void twoStubParametersStartTwoExecutions(WorkflowClient client, Greeting first, Greeting second) {
            assertThat(first.greet("one")).isEqualTo("Hello, one");
            assertThat(second.greet("two")).isEqualTo("Hello, two");
            assertThat(client.listExecutions((String) null, 10, null).executions()).hasSize(2);
        }
    }

    /** Each test gets an environment of its own: what one test started is gone in the next. */
    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class FreshEnvironmentPerTest {
        private static TestWorkflowEnvironment first;

        @RegisterExtension
        final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
                .registerWorkflowImplementationTypes(GreetingImpl.class)
                .setActivityImplementations(new GreeterImpl("Hello"))
                .build();

        @Test
        @Order(1)
        void firstTestStartsAnExecution(TestWorkflowEnvironment env, Greeting greeting) {
            first = env;
            assertThat(greeting.greet("first")).isEqualTo("Hello, first");
        }

        @Test
        @Order(2)
        void secondTestSeesNoneOfIt(TestWorkflowEnvironment env, WorkflowClient client) {
            assertThat(env).isNotSameAs(first);
            assertThat(client.listExecutions((String) null, 10, null).executions()).isEmpty();
        }
    }

    /** The environment options apply: here a frozen clock that starts at {@link #START}. */
    @Nested
    class WithEnvironmentOptions {
        @RegisterExtension
        final TestWorkflowExtension frozen = TestWorkflowExtension.newBuilder()
                .registerWorkflowImplementationTypes(ClockImpl.class)
                .setTestEnvironmentOptions(TestEnvironmentOptions.newBuilder().setStartTime(START)
                        .setFrozenClock(true).build())
                .build();

        @Test
        void theClockStandsStillAtTheStartTime(TestWorkflowEnvironment env, Clock clock) {
            assertThat(clock.now()).isEqualTo(START.toEpochMilli());
            assertThat(env.now()).isEqualTo(START);
        }
    }

    /** A @BeforeEach method registers on the injected worker: the workers start only after it. */
    @Nested
    class RegisteringInBeforeEach {
        @RegisterExtension
        final TestWorkflowExtension bare = TestWorkflowExtension.newBuilder()
                .registerWorkflowImplementationTypes(GreetingImpl.class).build();

        private GreeterImpl greeter;

        @BeforeEach
        void registerAFreshGreeter(Worker worker) {
            assertThat(worker.getStats().state()).isEqualTo(WorkerStats.State.NOT_STARTED);
            greeter = new GreeterImpl("Hi");
            worker.registerActivitiesImplementations(greeter);
        }

        @Test
        void theActivityRegisteredBeforeTheTestServesIt(Greeting greeting, Worker worker) {
            assertThat(worker.getRegisteredActivityTypes()).containsExactly("Greet");
            assertThat(greeting.greet("Bob")).isEqualTo("Hi, Bob");
        }
    }

    /** With doNotStart the test starts the workers when it wants to. */
    @Nested
    class NotStarted {
        @RegisterExtension
        final TestWorkflowExtension idle = TestWorkflowExtension.newBuilder()
                .registerWorkflowImplementationTypes(GreetingImpl.class)
                .setActivityImplementations(new GreeterImpl("Hey"))
                .setDoNotStart(true).build();

        @Test
        void theWorkersWaitForTheTestToStartThem(TestWorkflowEnvironment env, Worker worker, Greeting greeting) {
            assertThat(worker.getStats().state()).isEqualTo(WorkerStats.State.NOT_STARTED);
            env.start();
            assertThat(greeting.greet("Cy")).isEqualTo("Hey, Cy");
        }
    }
}
