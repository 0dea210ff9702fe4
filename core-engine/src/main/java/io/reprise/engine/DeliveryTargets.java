package io.reprise.engine;

import io.reprise.common.ParentClosePolicy;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import java.util.Optional;

/**
 * The target side of what one run asks of another ({@code OutboundDriver}'s deliveries): starting a child, telling a
 * parent that its child closed, signalling, canceling or terminating another execution, and the reads that the
 * checks made when a run is activated or closes need. The engine's own targets act on this engine's runs
 * ({@link Engine#localDeliveryTargets()}); a cluster node wraps them so that a target whose shard another node owns
 * is reached at that node ({@link Engine.Builder#deliveryTargets}).
 *
 * <p>A delivery may be made again (after a crash, or after a failure that left it pending), so every operation may be
 * repeated: a child's start carries the request id the parent's run and initiated event make, and a repeated start
 * returns the run the first one started; a child's close is recorded on its parent once; signals and cancel and
 * terminate requests carry request ids. An {@code EngineException} says why the target refused or could not be
 * reached; {@code engine.cluster.OwnerUnreachableException} that the owner of its shard could not be reached, so
 * the delivery is made again later.
 */
public interface DeliveryTargets {

    /**
     * Starts the child a run initiated, validated like a client's start; returns the run it started, or the one a
     * repeated request started. {@code ALREADY_EXISTS} and {@code INVALID_ARGUMENT} refuse the child for good.
     */
    WorkflowExecution startChild(StartWorkflowRequest request, EventAttributes.ParentExecution parent);

    /**
     * Records on the parent that its child's chain closed ({@code ChildWorkflowExecutionCompleted}, {@code …Failed},
     * …), unless it was recorded already or the parent is no longer running; nothing when the parent does not exist.
     *
     * @param closeEvent the child's closing event
     */
    void recordChildClosed(EventAttributes.ParentExecution parent, String childFirstRunId, String childRunId,
            HistoryEvent closeEvent);

    /** Signals another execution, as {@code EngineService.signalWorkflow}. */
    void signal(SignalWorkflowRequest request);

    /** Asks another execution to cancel, as {@code EngineService.requestCancelWorkflow}. */
    void requestCancel(RequestCancelWorkflowRequest request);

    /** Terminates another execution, as {@code EngineService.terminateWorkflow}. */
    void terminate(TerminateWorkflowRequest request);

    /**
     * The latest run of the child's Workflow Id when it is closed and is the child the parent run initiated at
     * {@code initiatedEventId}; empty while it runs, when it is another run's, or when there is none.
     */
    Optional<ClosedChild> closedChild(String namespace, String childWorkflowId, String parentRunId,
            long initiatedEventId);

    /**
     * The child that a closed parent initiated at {@code parent.initiatedEventId()} and had not seen close; empty
     * while the parent runs, when it saw that child close, or when it does not exist.
     */
    Optional<OpenChild> openChildOfClosedParent(EventAttributes.ParentExecution parent);

    /** The Run Id of the latest run of the Workflow Id when it runs as a child of the parent run; empty otherwise. */
    Optional<String> runningChildRunId(String namespace, String childWorkflowId, String parentRunId);

    /** A child's chain that closed: its first run, its last run, and that run's closing event. */
    record ClosedChild(String firstRunId, String runId, HistoryEvent closeEvent) {
    }

    /** A child its closed parent had not seen close, and the policy the parent gave it. */
    record OpenChild(String workflowId, ParentClosePolicy policy) {
    }
}
