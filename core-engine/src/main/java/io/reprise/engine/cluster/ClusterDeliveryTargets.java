package io.reprise.engine.cluster;

import io.reprise.engine.DeliveryTargets;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The targets of deliveries between runs on a cluster node: each call goes to the node that owns the shard of its
 * target's Workflow Id ({@link ShardDirectory}), this node's own targets when it is this node, with no extra cost.
 *
 * <p>A node that refuses as not owner ({@link NotOwnerException}, this node included, when it has just lost the
 * shard) makes the directory read the owners again, and the call is sent once more to the owner it then names. A
 * call that still finds no owner, whose owner cannot be reached, or that is refused as not owner twice throws
 * {@link OwnerUnreachableException}: the delivery stays pending and is made again later, which is safe since every
 * delivery carries a request id or is idempotent (see {@link DeliveryTargets}). The owner's other refusals
 * ({@code NOT_FOUND}, {@code ALREADY_EXISTS}, {@code INVALID_ARGUMENT}, …) are passed on as they are.
 *
 * <p>Reads go to the owner too: it answers from its memory, which holds a running run's latest state, and the
 * answer holds whether or not the nodes share their store; reading another node's run through this node's registry
 * would adopt it here. They are made only when a run is activated or closes.
 */
public final class ClusterDeliveryTargets implements DeliveryTargets {

    private final DeliveryTargets local;
    private final ShardDirectory directory;
    private final Function<NodeAddress, DeliveryTargets> nodes;

    /**
     * @param local this node's own targets ({@code Engine.localDeliveryTargets()}, or the argument of
     *     {@code Engine.Builder.deliveryTargets})
     * @param directory which node owns each shard
     * @param nodes the targets at another node (over its internal gRPC service), e.g. a {@code GrpcClusterNodes}
     */
    public ClusterDeliveryTargets(DeliveryTargets local, ShardDirectory directory,
            Function<NodeAddress, DeliveryTargets> nodes) {
        this.local = Objects.requireNonNull(local, "local");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.nodes = Objects.requireNonNull(nodes, "nodes");
    }

    @Override
    public WorkflowExecution startChild(StartWorkflowRequest request, EventAttributes.ParentExecution parent) {
        return at(request.namespace(), request.workflowId(), "starting child workflow " + request.workflowId(),
                targets -> targets.startChild(request, parent));
    }

    @Override
    public void recordChildClosed(EventAttributes.ParentExecution parent, String childFirstRunId, String childRunId,
            HistoryEvent closeEvent) {
        at(parent.namespace(), parent.workflowId(), "recording the close of child run " + childRunId + " on parent "
                + parent.workflowId(), targets -> {
                    targets.recordChildClosed(parent, childFirstRunId, childRunId, closeEvent);
                    return null;
                });
    }

    @Override
    public void signal(SignalWorkflowRequest request) {
        at(request.namespace(), request.workflowId(), "signalling " + request.workflowId(), targets -> {
            targets.signal(request);
            return null;
        });
    }

    @Override
    public void requestCancel(RequestCancelWorkflowRequest request) {
        at(request.namespace(), request.workflowId(), "canceling " + request.workflowId(), targets -> {
            targets.requestCancel(request);
            return null;
        });
    }

    @Override
    public void terminate(TerminateWorkflowRequest request) {
        at(request.namespace(), request.workflowId(), "terminating " + request.workflowId(), targets -> {
            targets.terminate(request);
            return null;
        });
    }

    @Override
    public Optional<ClosedChild> closedChild(String namespace, String childWorkflowId, String parentRunId,
            long initiatedEventId) {
        return at(namespace, childWorkflowId, "reading child workflow " + childWorkflowId,
                targets -> targets.closedChild(namespace, childWorkflowId, parentRunId, initiatedEventId));
    }

    @Override
    public Optional<OpenChild> openChildOfClosedParent(EventAttributes.ParentExecution parent) {
        return at(parent.namespace(), parent.workflowId(), "reading parent workflow " + parent.workflowId(),
                targets -> targets.openChildOfClosedParent(parent));
    }

    @Override
    public Optional<String> runningChildRunId(String namespace, String childWorkflowId, String parentRunId) {
        return at(namespace, childWorkflowId, "reading child workflow " + childWorkflowId,
                targets -> targets.runningChildRunId(namespace, childWorkflowId, parentRunId));
    }

    /** Makes {@code call} at the owner of the Workflow Id's shard, once more after a refusal as not owner. */
    private <T> T at(String namespace, String workflowId, String what, Function<DeliveryTargets, T> call) {
        int shard = directory.shardOf(namespace, workflowId);
        try {
            return once(shard, what, call);
        } catch (NotOwnerException first) {
            directory.refresh();
            try {
                return once(shard, what, call);
            } catch (NotOwnerException second) {
                throw new OwnerUnreachableException(what + " failed: the node thought to own shard " + shard
                        + " refused twice as not owner (" + second.getMessage() + "); it is made again later", second);
            }
        }
    }

    private <T> T once(int shard, String what, Function<DeliveryTargets, T> call) {
        if (directory.isLocal(shard)) {
            return call.apply(local);
        }
        NodeAddress owner = directory.ownerOf(shard).filter(node -> !node.nodeId().equals(directory.localNodeId()))
                .orElseThrow(() -> new OwnerUnreachableException(what + " failed: no live node owns shard " + shard
                        + " at the moment; it is made again later", null));
        try {
            return call.apply(nodes.apply(owner));
        } catch (NotOwnerException | OwnerUnreachableException e) {
            throw e;
        } catch (EngineException e) {
            if (isUnreachable(e.getCode())) {
                throw new OwnerUnreachableException(what + " failed at node " + owner.nodeId() + " ("
                        + owner.target() + "), the owner of shard " + shard + ": " + e.getMessage()
                        + "; it is made again later", e);
            }
            throw e;
        }
    }

    /** The codes of a call that did not reach the owner, or whose effect is unknown: repeating it is the way out. */
    private static boolean isUnreachable(EngineException.Code code) {
        return code == EngineException.Code.UNAVAILABLE || code == EngineException.Code.DEADLINE_EXCEEDED
                || code == EngineException.Code.CANCELLED;
    }
}
