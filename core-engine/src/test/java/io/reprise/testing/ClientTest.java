package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowExecutionAlreadyStarted;
import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowNotFoundException;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.DataConverterException;
import io.reprise.common.RetryOptions;
import io.reprise.common.WorkflowExecution;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerOptions;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClientTest {

    static final String QUEUE = "client";

    @ActivityInterface
    public interface Greeter {
        String greet(String name);
    }

    static final class GreeterImpl implements Greeter {
        final AtomicInteger calls = new AtomicInteger();
        volatile int failUntilAttempt;

        @Override
        public String greet(String name) {
            calls.incrementAndGet();
            int attempt = Activity.getExecutionContext().getInfo().attempt();
            if (attempt < failUntilAttempt) {
                throw new IllegalStateException("greeter unavailable (attempt " + attempt + ")");
            }
            if (name.equals("huge")) {
                return "x".repeat(3 * 1024 * 1024);
            }
            return "Hello " + name;
        }
    }

    @WorkflowInterface
    public interface Hello {
        @WorkflowMethod
        String hello(String name);
    }

    public static final class HelloImpl implements Hello {
        @Override
        public String hello(String name) {
            if (name.equals("forever")) {
                Workflow.await(() -> false);
            }
            ActivityOptions options = ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMinutes(1)).build())
                    .build();
            if (name.equals("no-timeouts")) {
                options = ActivityOptions.newBuilder().build();
            }
            return Workflow.newActivityStub(Greeter.class, options).greet(name);
        }
    }

    public interface NotAnnotated {
        String run();
    }

    // The tests start the workers themselves (some look at the worker before it starts).
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(HelloImpl.class)
            .setTaskQueue(QUEUE)
            // Frozen: a retry's schedule time is asserted against the clock's time, to the millisecond.
            .setTestEnvironmentOptions(TestEnvironmentOptions.newBuilder().setFrozenClock(true).build())
            .setDoNotStart(true)
            .build();

    private TestWorkflowEnvironment env;
    private Worker worker;
    private GreeterImpl greeter;
    private WorkflowClient client;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, Worker worker) {
        this.env = env;
        this.worker = worker;
        greeter = new GreeterImpl();
        worker.registerActivitiesImplementations(greeter);
        client = env.getWorkflowClient();
    }

    private WorkflowOptions options(String workflowId) {
        return WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build();
    }

    @Test
    void startReturnsTheWorkflowIdAndRunIdAndTheResultCanBeFetchedLater() {
        env.start();
        Hello hello = client.newWorkflowStub(Hello.class, options("greet-1"));

        WorkflowExecution execution = WorkflowClient.start(hello::hello, "Ada");

        assertThat(execution.workflowId()).isEqualTo("greet-1");
        assertThat(execution.runId()).matches("[0-9a-f-]{36}");
        assertThat(client.newUntypedWorkflowStub("greet-1").getResult(String.class)).isEqualTo("Hello Ada");
        assertThat(client.describe("greet-1").status()).isEqualTo(WorkflowExecutionStatus.COMPLETED);
    }

    @Test
    void aWorkflowIdDefaultsToARandomUuid() {
        env.start();
        WorkflowStub stub = client.newUntypedWorkflowStub("Hello",
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
        WorkflowExecution execution = stub.start("Bob");
        assertThat(execution.workflowId()).matches("[0-9a-f-]{36}");
        assertThat(stub.getResult(String.class)).isEqualTo("Hello Bob");
    }

    @Test
    void getResultWithATimeoutThrowsTimeoutExceptionWhileTheWorkflowRuns() {
        env.start();
        WorkflowStub stub = client.newUntypedWorkflowStub("Hello", options("forever"));
        stub.start("forever");

        assertThatThrownBy(() -> stub.getResult(Duration.ofMillis(100), String.class))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("Workflow forever did not complete within PT0.1S");
    }

    @Test
    void describeShowsPendingActivitiesWithAttemptAndLastFailure() throws Exception {
        greeter.failUntilAttempt = 3;
        env.start();
        WorkflowStub stub = client.newUntypedWorkflowStub("Hello", options("describe"));
        stub.start("Cy");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (greeter.calls.get() < 1 || client.describe("describe").pendingActivities().stream()
                .noneMatch(p -> p.lastFailure() != null)) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(2);
        }

        var description = client.describe("describe");

        assertThat(description.status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
        assertThat(description.workflowType()).isEqualTo("Hello");
        assertThat(description.pendingActivities()).singleElement().satisfies(p -> {
            assertThat(p.activityType()).isEqualTo("Greet");
            assertThat(p.attempt()).isEqualTo(2);
            assertThat(p.lastFailure().message()).isEqualTo("greeter unavailable (attempt 1)");
            assertThat(p.nextAttemptScheduleTime()).isEqualTo(env.now().plus(Duration.ofMinutes(1)));
        });
        assertThat(stub.getResult(String.class)).isEqualTo("Hello Cy");
        assertThat(client.describe("describe").pendingActivities()).isEmpty();
    }

    @Test
    void aHistoryExportedAsJsonReadsBackIdentically() {
        env.start();
        WorkflowStub stub = client.newUntypedWorkflowStub("Hello", options("export"));
        stub.start("Di");
        stub.getResult(String.class);

        WorkflowHistory history = client.fetchHistory("export");
        WorkflowHistory read = WorkflowHistory.fromJson(history.toJson());

        assertThat(EngineHistory.events(read)).isEqualTo(EngineHistory.events(history));
        assertThat(read.runId()).isEqualTo(stub.getExecution().orElseThrow().runId());
        assertThat(EngineHistory.events(read).stream().map(HistoryEvent::eventType).toList()).containsExactly(
                EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
                EventType.WorkflowTaskCompleted, EventType.ActivityTaskScheduled, EventType.ActivityTaskStarted,
                EventType.ActivityTaskCompleted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
                EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionCompleted);
        WorkflowReplayer.replayWorkflowExecution(read, HelloImpl.class);
    }

    @Test
    void malformedHistoryJsonIsRejectedWithTheReason() {
        assertThatThrownBy(() -> WorkflowHistory.fromJson("{\"workflowId\":\"x\",\"events\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a Reprise workflow history: it has no events");
        assertThatThrownBy(() -> WorkflowHistory.fromJson("not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Not a Reprise workflow history:");
    }

    @Test
    void anUnknownWorkflowIdIsReportedAsNotFound() {
        env.start();
        String expected = "Workflow execution not found: namespace \"default\", workflowId \"nope\"";
        assertThatThrownBy(() -> client.describe("nope")).isInstanceOf(WorkflowNotFoundException.class)
                .hasMessageContaining(expected);
        assertThatThrownBy(() -> client.fetchHistory("nope")).isInstanceOf(WorkflowNotFoundException.class)
                .hasMessageContaining(expected);
        assertThatThrownBy(() -> client.newUntypedWorkflowStub("nope").getResult(String.class))
                .isInstanceOf(WorkflowNotFoundException.class).hasMessageContaining(expected);
    }

    @Test
    void aSecondStartOfARunningWorkflowIdIsRefused() {
        env.start();
        client.newUntypedWorkflowStub("Hello", options("dup")).start("forever");

        assertThatThrownBy(() -> client.newUntypedWorkflowStub("Hello", options("dup")).start("forever"))
                .isInstanceOf(WorkflowExecutionAlreadyStarted.class)
                .hasMessageContaining("dup");
    }

    @Test
    void aMissingTaskQueueIsRefusedWithTheFix() {
        assertThatThrownBy(() -> client.newWorkflowStub(Hello.class, WorkflowOptions.newBuilder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("WorkflowOptions.taskQueue is required");
    }

    @Test
    void interfacesWithoutAnnotationsAreRefused() {
        assertThatThrownBy(() -> client.newWorkflowStub(NotAnnotated.class, options("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Interface " + NotAnnotated.class.getName() + " is not annotated with @WorkflowInterface; "
                        + "annotate it and mark its entry point with @WorkflowMethod");
        assertThatThrownBy(() -> worker.registerActivitiesImplementations(new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("implements no interface annotated with @ActivityInterface");
        assertThatThrownBy(() -> worker.registerWorkflowImplementationTypes(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("implements no interface annotated with @WorkflowInterface");
    }

    @Test
    void registeringATypeTwiceIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> worker.registerWorkflowImplementationTypes(HelloImpl.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Workflow type \"Hello\" is already registered on task queue \"client\"");
        assertThatThrownBy(() -> worker.registerActivitiesImplementations(new GreeterImpl()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Activity type \"Greet\" is already registered on task queue \"client\"");

        Worker lenient = env.newWorker("lenient", WorkerOptions.newBuilder().setAllowDuplicateRegistrations(true).build());
        lenient.registerActivitiesImplementations(new GreeterImpl());
        lenient.registerActivitiesImplementations(new GreeterImpl());
        assertThat(lenient.getRegisteredActivityTypes()).containsExactly("Greet");
    }

    @Test
    void missingActivityTimeoutsFailTheWorkflowTaskAndScheduleNothing() throws Exception {
        env.start();
        client.newUntypedWorkflowStub("Hello", options("no-timeouts")).start("no-timeouts");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<HistoryEvent> events;
        do {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
            events = EngineHistory.events(client.fetchHistory("no-timeouts"));
        } while (events.stream().noneMatch(e -> e.eventType() == EventType.WorkflowTaskFailed));

        var failed = events.stream().filter(e -> e.eventType() == EventType.WorkflowTaskFailed).findFirst()
                .orElseThrow().attributes(EventAttributes.WorkflowTaskFailed.class);
        assertThat(failed.cause()).isEqualTo(WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE);
        assertThat(failed.failure().message()).isEqualTo("ActivityOptions for activity \"Greet\": one of "
                + "startToCloseTimeout or scheduleToCloseTimeout is required; set e.g. "
                + "ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10))");
        assertThat(events).noneMatch(e -> e.eventType() == EventType.ActivityTaskScheduled);
    }

    public static final class Unserializable {
        public Unserializable self = this;
    }

    @Test
    void anArgumentThatCannotBeSerializedIsRefusedAndNothingStarts() {
        env.start();
        WorkflowStub stub = client.newUntypedWorkflowStub("Hello", options("bad-arg"));

        assertThatThrownBy(() -> stub.start(new Unserializable()))
                .isInstanceOf(DataConverterException.class)
                .hasMessageStartingWith("Cannot serialize a value of type " + Unserializable.class.getName());
        assertThatThrownBy(() -> client.describe("bad-arg")).isInstanceOf(WorkflowNotFoundException.class);
    }

    @Test
    void aPayloadOverTheSizeLimitIsRefusedAndNothingStarts() {
        env.start();
        WorkflowStub stub = client.newUntypedWorkflowStub("Hello", options("big"));
        String big = "x".repeat(3 * 1024 * 1024);

        assertThatThrownBy(() -> stub.start(big))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the payload limit of 2097152 bytes");
        assertThatThrownBy(() -> client.describe("big")).isInstanceOf(WorkflowNotFoundException.class);
    }

    @Test
    void anActivityResultOverTheSizeLimitFailsTheActivityWithoutRetrying() {
        env.start();
        WorkflowStub stub = client.newUntypedWorkflowStub("Hello", options("huge-result"));
        stub.start("huge");

        assertThatThrownBy(() -> stub.getResult(String.class))
                .isInstanceOf(io.reprise.failure.WorkflowFailedException.class)
                .cause().isInstanceOf(io.reprise.failure.ActivityFailure.class)
                .cause().isInstanceOfSatisfying(io.reprise.failure.ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo("PayloadTooLarge");
                    assertThat(f.isNonRetryable()).isTrue();
                    assertThat(f.getOriginalMessage()).isEqualTo("Result of activity \"Greet\" is 3145730 bytes, "
                            + "over the payload limit of 2097152 bytes; return a reference (an id, a URL) instead "
                            + "of the data");
                });
        assertThat(greeter.calls.get()).isEqualTo(1);
    }

    @ActivityInterface
    public interface Slow {
        String slow(String in);
    }

    @WorkflowInterface
    public interface CallsSlow {
        @WorkflowMethod
        String run(String in);
    }

    public static final class CallsSlowImpl implements CallsSlow {
        @Override
        public String run(String in) {
            return Workflow.newActivityStub(Slow.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(1)).build()).slow(in);
        }
    }

    @Test
    void shutdownLetsAnInFlightActivityFinishAndRecordsItsCompletion() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Worker slowWorker = env.newWorker("slow");
        slowWorker.registerWorkflowImplementationTypes(CallsSlowImpl.class);
        slowWorker.registerActivitiesImplementations((Slow) in -> {
            running.countDown();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted");
            }
            return in + " done";
        });
        env.start();
        WorkflowStub stub = client.newUntypedWorkflowStub("CallsSlow",
                WorkflowOptions.newBuilder().setTaskQueue("slow").setWorkflowId("graceful").build());
        stub.start("job");
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        env.getWorkerFactory().shutdown();

        assertThat(EngineHistory.events(client.fetchHistory("graceful"))).anySatisfy(e -> {
            assertThat(e.eventType()).isEqualTo(EventType.ActivityTaskCompleted);
        });
    }
}
