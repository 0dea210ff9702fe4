package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWithStartWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.UpdateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.history.RecentRequests;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A call retried with its request id (the client got no answer and asks again) is applied once, and the retry
 * succeeds as the first call did, also after the run closed because of that call, and after an engine restart.
 */
class EngineRequestIdTest extends EngineTestBase {

    private static SignalWorkflowRequest signal(String workflowId, String requestId) {
        return new SignalWorkflowRequest(NS, workflowId, null, "addItem", List.of(json("1")), "client-1", requestId,
                null);
    }

    private static RequestCancelWorkflowRequest cancel(String workflowId, String requestId) {
        return new RequestCancelWorkflowRequest(NS, workflowId, null, "stop", "client-1", requestId);
    }

    private static TerminateWorkflowRequest terminate(String workflowId, String requestId) {
        return new TerminateWorkflowRequest(NS, workflowId, null, "stop", List.of(), "client-1", requestId);
    }

    private long count(String workflowId, EventType type) {
        return history(workflowId).stream().filter(e -> e.eventType() == type).count();
    }

    private void restartEngine() {
        engine.close();
        store = reopenStore();
        engine = newEngine();
    }

    // ------------------------------------------------------------ signal

    @Test
    void aSignalSentTwiceWithOneRequestIdIsRecordedOnce() {
        start("r-signal");

        engine.signalWorkflow(signal("r-signal", "req-1"));
        engine.signalWorkflow(signal("r-signal", "req-1"));

        assertThat(count("r-signal", EventType.WorkflowExecutionSignaled)).isEqualTo(1);
    }

    @Test
    void signalsWithDifferentRequestIdsOrNoneAreAllRecorded() {
        start("r-signals");

        engine.signalWorkflow(signal("r-signals", "req-1"));
        engine.signalWorkflow(signal("r-signals", "req-2"));
        engine.signalWorkflow(signal("r-signals", null));
        engine.signalWorkflow(signal("r-signals", null));

        assertThat(count("r-signals", EventType.WorkflowExecutionSignaled)).isEqualTo(4);
    }

    @Test
    void aSignalsRetryAfterTheRunClosedSucceedsButANewSignalIsRefused() {
        startWith("r-signal-closed");
        engine.signalWorkflow(signal("r-signal-closed", "req-1"));
        complete(pollWorkflowTask(), new Command.CompleteWorkflowExecution(json("\"done\"")));

        engine.signalWorkflow(signal("r-signal-closed", "req-1"));

        assertThatThrownBy(() -> engine.signalWorkflow(signal("r-signal-closed", "req-2")))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
        assertThat(count("r-signal-closed", EventType.WorkflowExecutionSignaled)).isEqualTo(1);
    }

    @Test
    void aSignalsRequestIdIsRememberedAcrossAnEngineRestart() {
        start("r-signal-restart");
        engine.signalWorkflow(signal("r-signal-restart", "req-1"));

        restartEngine();
        engine.signalWorkflow(signal("r-signal-restart", "req-1"));

        assertThat(count("r-signal-restart", EventType.WorkflowExecutionSignaled)).isEqualTo(1);
    }

    @Test
    void aSignalRetriedAfterContinueAsNewIsNotAppliedToTheNextRunAlsoAfterARestart() {
        WorkflowExecution first = startWith("r-signal-can");
        engine.signalWorkflow(signal("r-signal-can", "req-1"));
        complete(pollWorkflowTask(), new Command.ContinueAsNewWorkflowExecution("OrderWorkflow", QUEUE, List.of(),
                null, null));
        String next = engine.describeWorkflow(NS, "r-signal-can", null).info().execution().runId();
        assertThat(next).isNotEqualTo(first.runId());

        engine.signalWorkflow(signal("r-signal-can", "req-1"));
        engine.signalWorkflow(signal("r-signal-can", "req-2"));
        restartEngine();
        engine.signalWorkflow(signal("r-signal-can", "req-1"));
        engine.signalWorkflow(signal("r-signal-can", "req-2"));

        assertThat(engine.getHistory(NS, "r-signal-can", first.runId()).stream()
                .filter(e -> e.eventType() == EventType.WorkflowExecutionSignaled).count()).isEqualTo(1);
        assertThat(engine.getHistory(NS, "r-signal-can", next).stream()
                .filter(e -> e.eventType() == EventType.WorkflowExecutionSignaled)
                .map(e -> ((io.reprise.engine.api.EventAttributes.WorkflowExecutionSignaled) e.attributes())
                        .input())).containsExactly(List.of(json("1")));
        assertThat(engine.describeWorkflow(NS, "r-signal-can", null).info().execution().runId()).isEqualTo(next);
    }

    @Test
    void aCancelRetriedAfterContinueAsNewIsNotAppliedToTheNextRun() {
        startWith("r-cancel-can");
        engine.requestCancelWorkflow(cancel("r-cancel-can", "req-1"));
        // The workflow code chose to continue as new rather than cancel.
        complete(pollWorkflowTask(), new Command.ContinueAsNewWorkflowExecution("OrderWorkflow", QUEUE, List.of(),
                null, null));

        engine.requestCancelWorkflow(cancel("r-cancel-can", "req-1"));

        assertThat(count("r-cancel-can", EventType.WorkflowExecutionCancelRequested)).isZero();
        engine.requestCancelWorkflow(cancel("r-cancel-can", "req-2"));
        assertThat(count("r-cancel-can", EventType.WorkflowExecutionCancelRequested)).isEqualTo(1);
    }

    @Test
    void signalWithStartRetriedWithTheStartsRequestIdStartsOneRunAndRecordsOneSignal() {
        StartWorkflowRequest start = new StartWorkflowRequest(NS, "r-sws", "OrderWorkflow", QUEUE, List.of(), null,
                null, null, "client-1", "req-1");
        SignalWithStartWorkflowRequest request = new SignalWithStartWorkflowRequest(start, "addItem",
                List.of(json("1")));

        WorkflowExecution first = engine.signalWithStartWorkflow(request);
        WorkflowExecution retried = engine.signalWithStartWorkflow(request);
        WorkflowExecution other = engine.signalWithStartWorkflow(new SignalWithStartWorkflowRequest(
                new StartWorkflowRequest(NS, "r-sws", "OrderWorkflow", QUEUE, List.of(), null, null, null,
                        "client-1", "req-2"), "addItem", List.of(json("2"))));

        assertThat(retried).isEqualTo(first);
        assertThat(other).isEqualTo(first);
        assertThat(count("r-sws", EventType.WorkflowExecutionSignaled)).isEqualTo(2);
    }

    // ------------------------------------------------------------ cancel

    @Test
    void aCancelRequestSentTwiceWithOneRequestIdIsRecordedOnceAndItsRetrySucceedsAfterTheRunClosed() {
        startWith("r-cancel");

        engine.requestCancelWorkflow(cancel("r-cancel", "req-1"));
        engine.requestCancelWorkflow(cancel("r-cancel", "req-1"));
        assertThat(count("r-cancel", EventType.WorkflowExecutionCancelRequested)).isEqualTo(1);

        complete(pollWorkflowTask(), new Command.CancelWorkflowExecution(List.of()));
        assertThat(engine.describeWorkflow(NS, "r-cancel", null).status()).isEqualTo(WorkflowExecutionStatus.CANCELED);
        engine.requestCancelWorkflow(cancel("r-cancel", "req-1"));

        assertThatThrownBy(() -> engine.requestCancelWorkflow(cancel("r-cancel", "req-2")))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
        assertThat(count("r-cancel", EventType.WorkflowExecutionCancelRequested)).isEqualTo(1);
    }

    @Test
    void aSecondCancelRequestWithAnotherRequestIdChangesNothingAsBefore() {
        start("r-cancels");

        engine.requestCancelWorkflow(cancel("r-cancels", "req-1"));
        engine.requestCancelWorkflow(cancel("r-cancels", "req-2"));

        assertThat(count("r-cancels", EventType.WorkflowExecutionCancelRequested)).isEqualTo(1);
    }

    // ------------------------------------------------------------ terminate

    @Test
    void aTerminateRetriedWithItsRequestIdSucceedsOnTheRunItClosedAndRecordsNothing() {
        start("r-terminate");

        engine.terminateWorkflow(terminate("r-terminate", "req-1"));
        engine.terminateWorkflow(terminate("r-terminate", "req-1"));

        assertThat(count("r-terminate", EventType.WorkflowExecutionTerminated)).isEqualTo(1);
        assertThat(engine.describeWorkflow(NS, "r-terminate", null).status())
                .isEqualTo(WorkflowExecutionStatus.TERMINATED);
    }

    @Test
    void aTerminateWithAnotherRequestIdOnTheClosedRunIsNotFound() {
        start("r-terminates");
        engine.terminateWorkflow(terminate("r-terminates", "req-1"));

        assertThatThrownBy(() -> engine.terminateWorkflow(terminate("r-terminates", "req-2")))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
        assertThat(count("r-terminates", EventType.WorkflowExecutionTerminated)).isEqualTo(1);
    }

    @Test
    void aTerminatesRequestIdIsRememberedAcrossAnEngineRestart() {
        start("r-terminate-restart");
        engine.terminateWorkflow(terminate("r-terminate-restart", "req-1"));

        restartEngine();
        engine.terminateWorkflow(terminate("r-terminate-restart", "req-1"));

        assertThat(count("r-terminate-restart", EventType.WorkflowExecutionTerminated)).isEqualTo(1);
    }

    // ------------------------------------------------------------ update

    private static UpdateWorkflowRequest update(String updateId, String requestId) {
        return new UpdateWorkflowRequest(NS, "r-update", null, updateId, "setQty", List.of(json("3")), "client-1",
                Duration.ofMinutes(1), requestId);
    }

    /** Runs an update as a worker would: validates it (a query task), then completes it in a workflow task. */
    private MessageResult runUpdate(UpdateWorkflowRequest request, String result) {
        CompletableFuture<MessageResult> call = CompletableFuture.supplyAsync(() -> engine.updateWorkflow(request));
        WorkflowTask validation = pollWorkflowTask();
        assertThat(validation.isQuery()).isTrue();
        engine.respondQueryTask(validation.taskToken(), null, null, "worker-1");
        complete(pollWorkflowTask(), new Command.CompleteWorkflowUpdate(request.updateId(), json(result), null));
        return call.join();
    }

    @Test
    void anUpdateRetriedWithItsRequestIdRunsOnceAndGetsTheFirstResultAlsoAfterARestart() {
        startWith("r-update");
        assertThat(runUpdate(update("upd-1", "req-1"), "\"qty=3\"").result()).isEqualTo(json("\"qty=3\""));

        // No worker answers these: a retry is not validated or run again.
        assertThat(engine.updateWorkflow(update("upd-1", "req-1")).result()).isEqualTo(json("\"qty=3\""));
        assertThat(engine.updateWorkflow(update("upd-1-regenerated", "req-1")).result())
                .isEqualTo(json("\"qty=3\""));
        restartEngine();
        assertThat(engine.updateWorkflow(update("upd-1", "req-1")).result()).isEqualTo(json("\"qty=3\""));

        assertThat(count("r-update", EventType.WorkflowExecutionUpdateAccepted)).isEqualTo(1);
    }

    @Test
    void updatesWithDifferentRequestIdsBothRun() {
        startWith("r-update");

        runUpdate(update("upd-1", "req-1"), "1");
        runUpdate(update("upd-2", "req-2"), "2");

        assertThat(count("r-update", EventType.WorkflowExecutionUpdateAccepted)).isEqualTo(2);
        assertThat(count("r-update", EventType.WorkflowExecutionUpdateCompleted)).isEqualTo(2);
    }

    @Test
    void aRequestIdLongerThanANameMayBeIsRefused() {
        start("r-long");

        assertThatThrownBy(() -> engine.signalWorkflow(signal("r-long", "x".repeat(1001))))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessageContaining("Request id is too long: 1001 characters");
        assertThat(count("r-long", EventType.WorkflowExecutionSignaled)).isZero();
    }

    @Test
    void aRunRemembersItsLatestRequestIdsOnly() {
        start("r-many");
        engine.signalWorkflow(signal("r-many", "req-0"));
        for (int i = 1; i <= RecentRequests.MAX; i++) {
            engine.signalWorkflow(signal("r-many", "req-" + i));
        }

        engine.signalWorkflow(signal("r-many", "req-" + RecentRequests.MAX));
        assertThat(count("r-many", EventType.WorkflowExecutionSignaled)).isEqualTo(RecentRequests.MAX + 1);
        // req-0 is the oldest of MAX + 1 ids: forgotten, so its retry is recorded again.
        engine.signalWorkflow(signal("r-many", "req-0"));
        assertThat(count("r-many", EventType.WorkflowExecutionSignaled)).isEqualTo(RecentRequests.MAX + 2);
    }
}
