package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.DataConverter;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.internal.replay.UnsupportedVersionError;
import io.reprise.internal.replay.WorkflowTaskFailure;
import io.reprise.worker.NonDeterministicException;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerFactoryOptions;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetVersionTest {

    static final String QUEUE = "versions";
    static final String CHANGE = "charge-first";
    static final ActivityOptions OPTIONS = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10)).build();

    @ActivityInterface
    public interface Shipping {
        String charge(String order);

        String pack(String order);

        String dispatch(String order);
    }

    static final class ShippingImpl implements Shipping {
        @Override
        public String charge(String order) {
            return order + "+charged";
        }

        @Override
        public String pack(String order) {
            return order + "+packed";
        }

        @Override
        public String dispatch(String order) {
            return order + "+dispatched";
        }
    }

    @WorkflowInterface
    public interface Shipment {
        @WorkflowMethod
        String ship(String order);
    }

    /** Every version getVersion returned, in order, across workers and replays. */
    static final List<Integer> versions = new CopyOnWriteArrayList<>();

    /** The code before the change. */
    public static final class ShipmentBeforeTheChange implements Shipment {
        @Override
        public String ship(String order) {
            Shipping shipping = Workflow.newActivityStub(Shipping.class, OPTIONS);
            String packed = shipping.pack(order);
            Workflow.sleep(Duration.ofMinutes(1));
            return shipping.dispatch(packed);
        }
    }

    /** The change: orders are charged before they are packed (version 1). */
    public static final class ShipmentChargingFirst implements Shipment {
        @Override
        public String ship(String order) {
            Shipping shipping = Workflow.newActivityStub(Shipping.class, OPTIONS);
            int version = Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1);
            versions.add(version);
            String packed = version == Workflow.DEFAULT_VERSION ? shipping.pack(order)
                    : shipping.pack(shipping.charge(order));
            Workflow.sleep(Duration.ofMinutes(1));
            int again = Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1);
            versions.add(again);
            return shipping.dispatch(packed) + " v" + version + "/" + again;
        }
    }

    /** A later change: the default path is gone, version 2 charges after packing. */
    public static final class ShipmentSupportingOneToTwo implements Shipment {
        @Override
        public String ship(String order) {
            Shipping shipping = Workflow.newActivityStub(Shipping.class, OPTIONS);
            int version = Workflow.getVersion(CHANGE, 1, 2);
            versions.add(version);
            String packed = version == 1 ? shipping.pack(shipping.charge(order))
                    : shipping.charge(shipping.pack(order));
            Workflow.sleep(Duration.ofMinutes(1));
            return shipping.dispatch(packed) + " v" + version;
        }
    }

    /** Dropped version 1 too early. */
    public static final class ShipmentSupportingOnlyTwo implements Shipment {
        @Override
        public String ship(String order) {
            Shipping shipping = Workflow.newActivityStub(Shipping.class, OPTIONS);
            int version = Workflow.getVersion(CHANGE, 2, 2);
            versions.add(version);
            String packed = shipping.charge(shipping.pack(order));
            Workflow.sleep(Duration.ofMinutes(1));
            return shipping.dispatch(packed) + " v" + version;
        }
    }

    private TestWorkflowEnvironment env;

    @BeforeEach
    void clearVersions() {
        versions.clear();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private void startWorker(int cacheSize, Class<?> workflow) {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(cacheSize).build())
                .build());
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(workflow);
        worker.registerActivitiesImplementations(new ShippingImpl());
        env.start();
    }

    /** Replaces the environment's worker by a new one (empty cache) running {@code workflow}. */
    private WorkerFactory deploy(Class<?> workflow) {
        env.getWorkerFactory().shutdownNow();
        WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
        Worker worker = factory.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(workflow);
        worker.registerActivitiesImplementations(new ShippingImpl());
        factory.start();
        return factory;
    }

    private WorkflowStub start(String workflowId) {
        WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub("Shipment",
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
        stub.start("order-1");
        return stub;
    }

    private String ship(String workflowId) {
        return start(workflowId).getResult(String.class);
    }

    private WorkflowHistory history(String workflowId) {
        return env.getWorkflowClient().fetchHistory(workflowId);
    }

    private HistoryEvent awaitEvent(String workflowId, Predicate<HistoryEvent> predicate) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<HistoryEvent> found = EngineHistory.events(history(workflowId)).stream().filter(predicate).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no matching event in the history of " + workflowId);
    }

    private static List<HistoryEvent> markers(WorkflowHistory history) {
        return EngineHistory.events(history).stream().filter(e -> e.eventType() == EventType.MarkerRecorded).toList();
    }

    private static List<String> activityTypes(WorkflowHistory history) {
        return EngineHistory.events(history).stream().filter(e -> e.eventType() == EventType.ActivityTaskScheduled)
                .map(e -> e.attributes(EventAttributes.ActivityTaskScheduled.class).activityType()).toList();
    }

    private static <T> T detail(HistoryEvent marker, String key, Class<T> type) {
        EventAttributes.MarkerRecorded m = marker.attributes(EventAttributes.MarkerRecorded.class);
        return DataConverter.getDefaultInstance().fromPayload(m.details().get(key).get(0), type, type);
    }

    @Test
    void theFirstLiveCallRecordsMaxSupportedAndLaterCallsReturnItWithoutAMarker() {
        // Cache size 0: the tasks after the first replay it, reading the version from its marker.
        startWorker(0, ShipmentChargingFirst.class);

        String result = ship("new");

        assertThat(result).isEqualTo("order-1+charged+packed+dispatched v1/1");
        WorkflowHistory history = history("new");
        List<HistoryEvent> markers = markers(history);
        assertThat(markers).hasSize(1);
        HistoryEvent marker = markers.get(0);
        assertThat(marker.eventId()).isEqualTo(5);
        assertThat(EngineHistory.events(history).get(3).eventType()).isEqualTo(EventType.WorkflowTaskCompleted);
        assertThat(EngineHistory.events(history).get(5).eventType()).isEqualTo(EventType.ActivityTaskScheduled);
        assertThat(marker.attributes(EventAttributes.MarkerRecorded.class).markerName()).isEqualTo("Version");
        assertThat(detail(marker, "changeId", String.class)).isEqualTo(CHANGE);
        assertThat(detail(marker, "version", Integer.class)).isEqualTo(1);
        assertThat(activityTypes(history)).containsExactly("Charge", "Pack", "Dispatch");
    }

    @Test
    void aHistoryRecordedBeforeTheChangeReplaysOnTheDefaultBranch() {
        startWorker(600, ShipmentBeforeTheChange.class);
        assertThat(ship("old")).isEqualTo("order-1+packed+dispatched");
        String json = history("old").toJson();

        WorkflowReplayer.replayWorkflowExecution(json, ShipmentChargingFirst.class);

        assertThat(versions).containsExactly(Workflow.DEFAULT_VERSION, Workflow.DEFAULT_VERSION);
    }

    @Test
    void aWorkerWithTheChangedCodeContinuesAnOlderExecutionOnTheDefaultBranch() throws Exception {
        startWorker(600, ShipmentBeforeTheChange.class);
        WorkflowStub stub = start("continued");
        awaitEvent("continued", e -> e.eventType() == EventType.TimerStarted);

        WorkerFactory changed = deploy(ShipmentChargingFirst.class);
        try {
            assertThat(stub.getResult(String.class)).isEqualTo("order-1+packed+dispatched v-1/-1");
        } finally {
            changed.shutdownNow();
        }
        WorkflowHistory history = history("continued");
        assertThat(markers(history)).isEmpty();
        assertThat(activityTypes(history)).containsExactly("Pack", "Dispatch");
        assertThat(EngineHistory.events(history)).noneMatch(e -> e.eventType() == EventType.WorkflowTaskFailed);
        assertThat(versions).containsExactly(Workflow.DEFAULT_VERSION, Workflow.DEFAULT_VERSION);
    }

    @Test
    void aHistoryRecordedAtVersionOneReplaysWithCodeSupportingOneToTwo() {
        startWorker(600, ShipmentChargingFirst.class);
        ship("v1");
        versions.clear();

        WorkflowReplayer.replayWorkflowExecution(history("v1"), ShipmentSupportingOneToTwo.class);

        assertThat(versions).containsExactly(1);
    }

    @Test
    void replayingAVersionTheCodeNoLongerSupportsFailsTheWorkflowTaskNamingTheChange() {
        startWorker(600, ShipmentChargingFirst.class);
        ship("v1-dropped");

        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history("v1-dropped"),
                ShipmentSupportingOnlyTwo.class))
                .isInstanceOf(WorkflowTaskFailure.class)
                .cause().isInstanceOf(UnsupportedVersionError.class)
                .hasMessage("Version 1 of change \"charge-first\" is not supported: this execution took it, and the "
                        + "workflow code supports versions 2 to 2 (Workflow.getVersion(\"charge-first\", 2, 2)); keep "
                        + "the code path for version 1 while executions that took it are running");
    }

    @Test
    void anExecutionFromBeforeTheChangeFailsCodeThatDroppedTheDefaultVersion() {
        startWorker(600, ShipmentBeforeTheChange.class);
        ship("old-dropped");

        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history("old-dropped"),
                ShipmentSupportingOneToTwo.class))
                .isInstanceOf(WorkflowTaskFailure.class)
                .cause().isInstanceOf(UnsupportedVersionError.class)
                .hasMessageStartingWith("Version -1 (DEFAULT_VERSION, from before the change) of change "
                        + "\"charge-first\" is not supported: this execution took it, and the workflow code supports "
                        + "versions 1 to 2");
    }

    @Test
    void anUnsupportedVersionFailsTheLiveTaskUntilCodeSupportingItIsDeployed() throws Exception {
        startWorker(600, ShipmentChargingFirst.class);
        WorkflowStub stub = start("redeployed");
        awaitEvent("redeployed", e -> e.eventType() == EventType.TimerStarted);

        WorkerFactory tooNew = deploy(ShipmentSupportingOnlyTwo.class);
        // The timer fires; 5 s later (the sticky Schedule-To-Start timeout) the task leaves the old worker's queue.
        env.sleep(Duration.ofMinutes(1).plusSeconds(5));
        HistoryEvent failed = awaitEvent("redeployed", e -> e.eventType() == EventType.WorkflowTaskFailed);
        tooNew.shutdownNow();

        EventAttributes.WorkflowTaskFailed attributes = failed.attributes(EventAttributes.WorkflowTaskFailed.class);
        assertThat(attributes.cause()).isEqualTo(WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE);
        assertThat(attributes.failure().type()).isEqualTo(UnsupportedVersionError.class.getName());
        assertThat(attributes.failure().message()).startsWith("Version 1 of change \"charge-first\" is not "
                + "supported: this execution took it, and the workflow code supports versions 2 to 2");
        assertThat(env.getWorkflowClient().describe("redeployed").status().name()).isEqualTo("RUNNING");

        WorkerFactory fixed = deploy(ShipmentSupportingOneToTwo.class);
        try {
            assertThat(stub.getResult(String.class)).isEqualTo("order-1+charged+packed+dispatched v1");
        } finally {
            fixed.shutdownNow();
        }
        assertThat(markers(history("redeployed"))).hasSize(1);
    }

    @Test
    void removingGetVersionWhileExecutionsRecordedItIsANonDeterminismError() {
        startWorker(600, ShipmentChargingFirst.class);
        ship("removed");

        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history("removed"),
                ShipmentBeforeTheChange.class))
                .isInstanceOf(NonDeterministicException.class)
                .hasMessageContaining("History has event #5 MarkerRecorded(markerName=\"Version\", "
                        + "changeId=\"charge-first\", version=1) where the workflow code produced "
                        + "ScheduleActivityTask(activityType=\"Pack\"");
    }
}
