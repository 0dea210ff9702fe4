package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.client.WorkflowUpdateException;
import io.reprise.common.RetryOptions;
import io.reprise.common.WorkflowExecution;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.CanceledFailure;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.worker.NonDeterministicException;
import io.reprise.worker.Worker;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs a representative workflow of each feature, exports every run's Event History as JSON and
 * replays it with {@link WorkflowReplayer} against the same code: any non-determinism in how the
 * replay engine handles a feature's events fails here. The workflows are those of the feature
 * tests (WorkflowMessagesTest, WorkflowCancellationTest, WorkflowChainTest, ChildWorkflowTest,
 * SideEffectTest, GetVersionTest, LocalActivityTest, SagaTest).
 */
class FeatureHistoriesReplayTest {

    static final String QUEUE = "feature-histories";
    /** A queue whose worker runs the Shipment code from before its getVersion change. */
    static final String OLD_SHIPMENT_QUEUE = "feature-histories-old-shipment";

    /** The code the histories are replayed against: the code that recorded them. */
    static final Class<?>[] IMPLEMENTATIONS = {
        WorkflowMessagesTest.CartImpl.class,
        WorkflowCancellationTest.SubscriptionImpl.class,
        WorkflowChainTest.CounterImpl.class,
        WorkflowChainTest.FlakyImpl.class,
        WorkflowChainTest.ReportImpl.class,
        ChildWorkflowTest.ParentImpl.class,
        ChildWorkflowTest.GreeterImpl.class,
        ChildWorkflowTest.MailboxImpl.class,
        SideEffectTest.LotteryImpl.class,
        SideEffectTest.RateLimitWatcherImpl.class,
        GetVersionTest.ShipmentChargingFirst.class,
        SagaTest.BookingImpl.class,
        LocalActivityTest.TwoLookupsImpl.class,
        ChainOfParentsImpl.class,
    };

    @WorkflowInterface
    public interface ChainOfParents {
        /** Continues as new until {@code run} reaches {@code runs}; each run starts a child with a generated id. */
        @WorkflowMethod
        String run(int run, int runs);
    }

    /** Each run greets through a child whose Workflow Id comes from the run's deterministic randomness. */
    public static final class ChainOfParentsImpl implements ChainOfParents {
        @Override
        public String run(int run, int runs) {
            String greeting = Workflow.newChildWorkflowStub(ChildWorkflowTest.Greeter.class).greet("run " + run);
            if (run < runs) {
                Workflow.continueAsNew(run + 1, runs);
            }
            return greeting + " " + Workflow.randomUUID();
        }
    }

    /** The Subscription code, changed: it cleans up with a different activity than the recorded one. */
    public static final class SubscriptionWithChangedCleanup implements WorkflowCancellationTest.Subscription {
        @Override
        public String run(String mode) {
            WorkflowCancellationTest.Steps steps = Workflow.newActivityStub(WorkflowCancellationTest.Steps.class,
                    ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofHours(1)).build());
            try {
                Workflow.sleep(Duration.ofDays(1));
                return "finished";
            } catch (CanceledFailure e) {
                Workflow.newDetachedCancellationScope(steps::longWork).run();
                throw e;
            }
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(IMPLEMENTATIONS)
            .setTaskQueue(QUEUE)
            // Frozen: the cron workflow fails on the runs that start exactly on an even hour.
            .setTestEnvironmentOptions(TestEnvironmentOptions.newBuilder().setFrozenClock(true).build())
            .build();

    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, Worker worker) {
        SideEffectTest.calls.set(0);
        SideEffectTest.configReads.set(0);
        this.env = env;
        // New activity objects for each test: RecordingSteps holds one-shot latches.
        worker.registerActivitiesImplementations(new WorkflowCancellationTest.RecordingSteps(),
                new GetVersionTest.ShippingImpl(), new SagaTest.StepsImpl(), new LocalActivityTest.RecordingLookup());
        Worker oldShipments = env.newWorker(OLD_SHIPMENT_QUEUE);
        oldShipments.registerWorkflowImplementationTypes(GetVersionTest.ShipmentBeforeTheChange.class);
        oldShipments.registerActivitiesImplementations(new GetVersionTest.ShippingImpl());
        client = env.getWorkflowClient();
    }

    @AfterEach
    void tearDown() {
        SagaTest.StepsImpl.log.clear();
        LocalActivityTest.RecordingLookup.calls.clear();
    }

    // ---- helpers ----

    private static WorkflowOptions.Builder options(String workflowId) {
        return WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId);
    }

    /** Exports the history as JSON, checks it recorded {@code expected}, and replays the JSON against the code. */
    private static void replays(WorkflowHistory history, EventType... expected) {
        if (expected.length > 0) {
            assertThat(EngineHistory.events(history)).extracting(HistoryEvent::eventType).contains(expected);
        }
        String json = history.toJson();
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(json, IMPLEMENTATIONS))
                .as("replay of %s (%s)", history.workflowId(), history.workflowType())
                .doesNotThrowAnyException();
    }

    private void replays(String workflowId, EventType... expected) {
        replays(client.fetchHistory(workflowId), expected);
    }

    /** The histories of every run of a chain (continue-as-new, retries, cron), first run first. */
    private List<WorkflowHistory> chain(WorkflowExecution first) {
        List<WorkflowHistory> runs = new ArrayList<>();
        String runId = first.runId();
        while (runId != null) {
            WorkflowHistory run = client.fetchHistory(first.workflowId(), runId);
            runs.add(run);
            runId = switch (EngineHistory.events(run).get(EngineHistory.events(run).size() - 1).attributes()) {
                case EventAttributes.WorkflowExecutionContinuedAsNew c -> c.newExecutionRunId();
                case EventAttributes.WorkflowExecutionCompleted c -> c.newExecutionRunId();
                case EventAttributes.WorkflowExecutionFailed f -> f.newExecutionRunId();
                case EventAttributes.WorkflowExecutionTimedOut t -> t.newExecutionRunId();
                default -> null;
            };
        }
        return runs;
    }

    private static EventType lastEventType(WorkflowHistory history) {
        return EngineHistory.events(history).get(EngineHistory.events(history).size() - 1).eventType();
    }

    private void awaitHistory(String workflowId, Predicate<List<HistoryEvent>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(EngineHistory.events(client.fetchHistory(workflowId)))) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the history of " + workflowId + " never got there: "
                + EngineHistory.events(client.fetchHistory(workflowId)).stream().map(HistoryEvent::eventType).toList());
    }

    private void awaitEvent(String workflowId, EventType type) {
        awaitHistory(workflowId, events -> events.stream().anyMatch(e -> e.eventType() == type));
    }

    /** Waits until {@code signals} signals are recorded and a workflow task after them completed. */
    private void awaitSignalsHandled(String workflowId, int signals) {
        awaitHistory(workflowId, events -> events.stream()
                .filter(e -> e.eventType() == EventType.WorkflowExecutionSignaled).count() == signals
                && events.get(events.size() - 1).eventType() == EventType.WorkflowTaskCompleted);
    }

    private WorkflowExecutionStatus awaitClosed(String workflowId) {
        awaitHistory(workflowId, events -> events.get(events.size() - 1).eventType().isClose());
        return client.describe(workflowId).status();
    }

    private String runParent(String workflowId, String scenario) {
        return client.newWorkflowStub(ChildWorkflowTest.Parent.class, options(workflowId).build()).run(scenario);
    }

    /** The Workflow Id of the child a parent started first. */
    private String firstChildOf(String parentId) {
        return EngineHistory.events(client.fetchHistory(parentId)).stream()
                .filter(e -> e.eventType() == EventType.StartChildWorkflowExecutionInitiated)
                .map(e -> e.attributes(EventAttributes.StartChildWorkflowExecutionInitiated.class).workflowId())
                .findFirst().orElseThrow();
    }

    // ---- signals, queries, updates ----

    @Test
    void signalsQueriesAndUpdatesReplay() {
        WorkflowMessagesTest.Cart cart = client.newWorkflowStub(WorkflowMessagesTest.Cart.class,
                options("cart").build());
        WorkflowClient.start(cart::checkout, "c-1");
        awaitEvent("cart", EventType.WorkflowTaskCompleted);
        cart.add("apple");
        cart.add("pear");
        cart.add("boom");
        awaitSignalsHandled("cart", 3);
        WorkflowStub untyped = client.newUntypedWorkflowStub("cart");

        assertThat(cart.remove("apple")).isEqualTo(2);
        assertThatThrownBy(() -> untyped.update("remove", Integer.class, "kiwi"))
                .isInstanceOfSatisfying(WorkflowUpdateException.class, e -> assertThat(e.isRejected()).isTrue());
        assertThatThrownBy(() -> cart.remove("boom"))
                .isInstanceOfSatisfying(WorkflowUpdateException.class, e -> assertThat(e.isRejected()).isFalse());
        assertThat(cart.items()).containsExactly("pear", "boom");
        cart.closeCart();
        assertThat(untyped.getResult(List.class)).containsExactly("pear", "boom");

        replays("cart", EventType.WorkflowExecutionSignaled, EventType.WorkflowExecutionUpdateAccepted,
                EventType.WorkflowExecutionUpdateCompleted, EventType.WorkflowExecutionCompleted);
    }

    @Test
    void signalWithStartReplays() {
        WorkflowMessagesTest.Cart cart = client.newWorkflowStub(WorkflowMessagesTest.Cart.class,
                options("cart-sws").build());
        WorkflowClient.signalWithStart(() -> cart.add("apple"), () -> cart.checkout("c-1"));
        WorkflowMessagesTest.Cart again = client.newWorkflowStub(WorkflowMessagesTest.Cart.class,
                options("cart-sws").build());
        WorkflowClient.signalWithStart(() -> again.add("pear"), () -> again.checkout("c-1"));
        client.newWorkflowStub(WorkflowMessagesTest.Cart.class, "cart-sws").closeCart();
        assertThat(client.newUntypedWorkflowStub("cart-sws").getResult(List.class)).containsExactly("apple", "pear");

        replays("cart-sws", EventType.WorkflowExecutionSignaled, EventType.WorkflowExecutionCompleted);
    }

    // ---- cancellation and termination ----

    private WorkflowStub startSubscription(String workflowId, String mode) {
        WorkflowStub stub = client.newUntypedWorkflowStub("Subscription", options(workflowId).build());
        stub.start(mode);
        awaitEvent(workflowId, EventType.TimerStarted);
        return stub;
    }

    @Test
    void aCanceledWorkflowThatCleansUpInADetachedScopeReplays() {
        WorkflowStub stub = startSubscription("canceled", "cleanup");
        stub.cancel("customer asked");
        assertThatThrownBy(() -> stub.getResult(String.class)).hasCauseInstanceOf(CanceledFailure.class);

        replays("canceled", EventType.WorkflowExecutionCancelRequested, EventType.TimerCanceled,
                EventType.ActivityTaskCompleted, EventType.WorkflowExecutionCanceled);
    }

    @Test
    void aWorkflowThatIgnoresTheCancellationReplays() {
        WorkflowStub stub = startSubscription("cancel-ignored", "ignore");
        stub.cancel();
        assertThat(stub.getResult(String.class)).isEqualTo("ignored the cancellation");

        replays("cancel-ignored", EventType.WorkflowExecutionCancelRequested, EventType.TimerCanceled,
                EventType.WorkflowExecutionCompleted);
    }

    @Test
    void aTerminatedWorkflowReplays() {
        WorkflowStub stub = startSubscription("terminated", "cleanup");
        stub.terminate("operator stop");
        assertThatThrownBy(() -> stub.getResult(String.class)).isInstanceOf(WorkflowFailedException.class);

        replays("terminated", EventType.TimerStarted, EventType.WorkflowExecutionTerminated);
    }

    @Test
    void replayingAgainstChangedCodeFailsNamingTheRecordedEvent() {
        WorkflowStub stub = startSubscription("changed", "cleanup");
        stub.cancel();
        assertThatThrownBy(() -> stub.getResult(String.class)).hasCauseInstanceOf(CanceledFailure.class);
        String json = client.fetchHistory("changed").toJson();

        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(json,
                SubscriptionWithChangedCleanup.class))
                .isInstanceOf(NonDeterministicException.class)
                .hasMessageContaining("History has event #11 ActivityTaskScheduled(activityType=\"CleanUp\"")
                .hasMessageContaining("ScheduleActivityTask(activityType=\"LongWork\"");
    }

    // ---- chains: continue-as-new, retries, cron ----

    @Test
    void everyRunOfAContinueAsNewChainReplays() {
        WorkflowStub stub = client.newUntypedWorkflowStub("Counter", options("counter").build());
        WorkflowExecution first = stub.start(1, 3);
        assertThat(stub.getResult(String.class)).startsWith("reached 3");

        List<WorkflowHistory> runs = chain(first);

        assertThat(runs).extracting(FeatureHistoriesReplayTest::lastEventType).containsExactly(
                EventType.WorkflowExecutionContinuedAsNew, EventType.WorkflowExecutionContinuedAsNew,
                EventType.WorkflowExecutionCompleted);
        runs.forEach(run -> replays(run, EventType.TimerFired));
    }

    @Test
    void continuedRunsReplayWithTheirOwnRunIdAndRandomness() {
        WorkflowStub stub = client.newUntypedWorkflowStub("ChainOfParents", options("chain-of-parents").build());
        WorkflowExecution first = stub.start(1, 2);
        stub.getResult(String.class);

        List<WorkflowHistory> runs = chain(first);

        assertThat(runs).hasSize(2);
        runs.forEach(run -> replays(run, EventType.ChildWorkflowExecutionCompleted));
    }

    @Test
    void everyRunOfARetriedWorkflowReplays() {
        WorkflowStub stub = client.newUntypedWorkflowStub("Flaky", options("flaky").setRetryOptions(
                RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(10)).build()).build());
        WorkflowExecution first = stub.start(3, "Transient");
        assertThat(stub.getResult(String.class)).isEqualTo("succeeded on attempt 3");

        List<WorkflowHistory> runs = chain(first);

        assertThat(runs).extracting(FeatureHistoriesReplayTest::lastEventType).containsExactly(
                EventType.WorkflowExecutionFailed, EventType.WorkflowExecutionFailed,
                EventType.WorkflowExecutionCompleted);
        runs.forEach(FeatureHistoriesReplayTest::replays);
    }

    @Test
    void everyRunOfACronScheduleReplaysIncludingAFailedAndATerminatedOne() {
        WorkflowStub stub = client.newUntypedWorkflowStub("Report", options("hourly").setCronSchedule("0 * * * *")
                .build());
        WorkflowExecution first = stub.start();
        env.sleep(Duration.ofHours(3).plusMinutes(1));
        client.newUntypedWorkflowStub("hourly").terminate("end of test");

        List<WorkflowHistory> runs = chain(first);

        assertThat(runs).extracting(FeatureHistoriesReplayTest::lastEventType).containsExactly(
                EventType.WorkflowExecutionCompleted, EventType.WorkflowExecutionFailed,
                EventType.WorkflowExecutionCompleted, EventType.WorkflowExecutionTerminated);
        runs.forEach(FeatureHistoriesReplayTest::replays);
    }

    // ---- child workflows and other executions ----

    @Test
    void aParentAndItsCompletedChildReplay() {
        runParent("parent-greet", "greet");

        replays("parent-greet", EventType.StartChildWorkflowExecutionInitiated,
                EventType.ChildWorkflowExecutionStarted, EventType.ChildWorkflowExecutionCompleted);
        replays("child-of-greet", EventType.WorkflowExecutionCompleted);
    }

    @Test
    void aParentAndItsFailedChildReplay() {
        assertThat(runParent("parent-fail", "fail")).isEqualTo("child failed: cannot greet nobody");

        replays("parent-fail", EventType.ChildWorkflowExecutionFailed);
        replays(firstChildOf("parent-fail"), EventType.WorkflowExecutionFailed);
    }

    @Test
    void aParentWhoseChildCouldNotStartReplays() {
        client.newUntypedWorkflowStub("Greeter", options("taken").build()).start("sleepy");

        assertThat(runParent("parent-dup", "duplicate")).isEqualTo("could not start: WORKFLOW_ALREADY_EXISTS");

        replays("parent-dup", EventType.StartChildWorkflowExecutionFailed);
    }

    @Test
    void parentsThatLeftChildrenAndTheChildrenTheirClosePolicyEndedReplay() {
        runParent("p-terminate", "leave-TERMINATE");
        runParent("p-cancel", "leave-REQUEST_CANCEL");
        assertThat(awaitClosed("left-TERMINATE")).isEqualTo(WorkflowExecutionStatus.TERMINATED);
        assertThat(awaitClosed("left-REQUEST_CANCEL")).isEqualTo(WorkflowExecutionStatus.CANCELED);

        replays("p-terminate", EventType.ChildWorkflowExecutionStarted, EventType.WorkflowExecutionCompleted);
        replays("p-cancel", EventType.ChildWorkflowExecutionStarted, EventType.WorkflowExecutionCompleted);
        // The parent closes as soon as its child started, so the child's first workflow task may or may not have
        // completed before the termination reached it: either history must replay.
        replays("left-TERMINATE", EventType.WorkflowExecutionTerminated);
        replays("left-REQUEST_CANCEL", EventType.WorkflowExecutionCancelRequested,
                EventType.WorkflowExecutionCanceled);
    }

    @Test
    void aParentThatCanceledItsChildAndTheChildReplay() {
        assertThat(runParent("p-cancel-child", "cancel-child")).isEqualTo("child CanceledFailure");

        // ExternalWorkflowExecutionCancelRequested may come after the child's close or not at all (the parent may
        // close first): the two travel separately, as ChildWorkflowTest shows. Either history must replay.
        replays("p-cancel-child", EventType.RequestCancelExternalWorkflowExecutionInitiated,
                EventType.ChildWorkflowExecutionCanceled);
        replays("canceled-child", EventType.WorkflowExecutionCancelRequested, EventType.WorkflowExecutionCanceled);
    }

    @Test
    void aWorkflowThatSignalledAnotherAndItsTargetReplay() {
        WorkflowStub mailbox = client.newUntypedWorkflowStub("Mailbox", options("mailbox").build());
        mailbox.start(1);

        assertThat(runParent("p-signal", "signal-external"))
                .isEqualTo("delivered; unknown target: EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND");
        assertThat(mailbox.getResult(List.class)).containsExactly("from a workflow");

        replays("p-signal", EventType.ExternalWorkflowExecutionSignaled, EventType.SignalExternalWorkflowExecutionFailed);
        replays("mailbox", EventType.WorkflowExecutionSignaled, EventType.WorkflowExecutionCompleted);
    }

    @Test
    void aWorkflowThatCanceledAnotherAndItsTargetReplay() {
        client.newUntypedWorkflowStub("Mailbox", options("mailbox").build()).start(5);

        assertThat(runParent("p-cancel-other", "cancel-external")).isEqualTo("cancel requested");
        assertThat(awaitClosed("mailbox")).isEqualTo(WorkflowExecutionStatus.CANCELED);

        replays("p-cancel-other", EventType.RequestCancelExternalWorkflowExecutionInitiated,
                EventType.ExternalWorkflowExecutionCancelRequested);
        replays("mailbox", EventType.WorkflowExecutionCancelRequested, EventType.WorkflowExecutionCanceled);
    }

    // ---- determinism tools, local activities, Saga ----

    @Test
    void sideEffectAndMutableSideEffectReplay() {
        assertThat(client.newWorkflowStub(SideEffectTest.Lottery.class, options("lottery").build()).draw())
                .isEqualTo("ticket-101");
        assertThat(client.newWorkflowStub(SideEffectTest.RateLimitWatcher.class, options("limits").build()).watch(5))
                .containsExactly(1, 1, 2, 2, 3);

        replays("lottery", EventType.MarkerRecorded);
        replays("limits", EventType.MarkerRecorded);
        assertThat(SideEffectTest.calls).hasValue(1);
        assertThat(SideEffectTest.configReads).hasValue(5);
    }

    @Test
    void getVersionHistoriesFromBeforeAndAfterTheChangeReplayWithTheChangedCode() {
        GetVersionTest.versions.clear();
        assertThat(client.newWorkflowStub(GetVersionTest.Shipment.class, options("shipment").build()).ship("o-1"))
                .isEqualTo("o-1+charged+packed+dispatched v1/1");
        assertThat(client.newWorkflowStub(GetVersionTest.Shipment.class, options("old-shipment")
                .setTaskQueue(OLD_SHIPMENT_QUEUE).build()).ship("o-2")).isEqualTo("o-2+packed+dispatched");

        replays("shipment", EventType.MarkerRecorded);
        GetVersionTest.versions.clear();
        replays("old-shipment", EventType.TimerFired);
        assertThat(GetVersionTest.versions).containsExactly(Workflow.DEFAULT_VERSION, Workflow.DEFAULT_VERSION);
    }

    @Test
    void localActivitiesReplay() {
        assertThat(client.newWorkflowStub(LocalActivityTest.TwoLookups.class, options("lookups").build())
                .run(new LocalActivityTest.Plan(1, Duration.ofSeconds(1), true)))
                .isEqualTo("value-of-a@1,value-of-b@1");

        replays("lookups", EventType.MarkerRecorded, EventType.TimerFired);
        assertThat(LocalActivityTest.RecordingLookup.calls).containsExactly("a#1", "b#1");
    }

    @Test
    void sagaCompensationsReplaySequentialAndParallel() {
        assertThat(client.newWorkflowStub(SagaTest.Booking.class, options("saga").build())
                .book(new SagaTest.Plan(List.of("flight", "hotel", "fail-car"), false, false))).isEqualTo("compensated");
        assertThat(client.newWorkflowStub(SagaTest.Booking.class, options("saga-parallel").build())
                .book(new SagaTest.Plan(List.of("flight", "hotel", "train", "fail-car"), true, false)))
                .isEqualTo("compensated");

        replays("saga", EventType.ActivityTaskFailed, EventType.ActivityTaskCompleted);
        replays("saga-parallel", EventType.ActivityTaskFailed, EventType.ActivityTaskCompleted);
    }
}
