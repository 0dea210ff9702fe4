package io.reprise.transport.grpc;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.reprise.engine.DeliveryTargets;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.cluster.NodeAddress;
import io.reprise.engine.cluster.ShardDirectory;
import io.reprise.engine.proto.CommonMapper;
import io.reprise.engine.proto.EventAttributesMapper;
import io.reprise.engine.proto.HistoryEventMapper;
import io.reprise.engine.proto.ProtoEnums;
import io.reprise.engine.proto.v1.ClosedChild;
import io.reprise.engine.proto.v1.ClusterServiceGrpc;
import io.reprise.engine.proto.v1.GetClosedChildRequest;
import io.reprise.engine.proto.v1.GetClosedChildResponse;
import io.reprise.engine.proto.v1.GetOpenChildOfClosedParentRequest;
import io.reprise.engine.proto.v1.GetOpenChildOfClosedParentResponse;
import io.reprise.engine.proto.v1.GetRunningChildRunIdRequest;
import io.reprise.engine.proto.v1.GetRunningChildRunIdResponse;
import io.reprise.engine.proto.v1.OpenChild;
import io.reprise.engine.proto.v1.RecordChildClosedRequest;
import io.reprise.engine.proto.v1.RecordChildClosedResponse;
import io.reprise.engine.proto.v1.StartChildWorkflowRequest;
import io.reprise.engine.proto.v1.StartChildWorkflowResponse;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal service {@code reprise.engine.v1.ClusterService} (cluster.proto) of a cluster node: what the other
 * nodes ask of the runs of the shards this node owns, applied to this engine's runs ({@code
 * Engine.localDeliveryTargets()}). A call about a shard this node does not own is refused with
 * {@link NotOwnerException} ({@code UNAVAILABLE}) and changes nothing. Served next to the engine's service:
 *
 * <pre>{@code
 * GrpcEngineServer.newBuilder(engine)
 *         .customize(netty -> netty.addService(new ClusterGrpcService(engine.localDeliveryTargets(), directory)))
 *         .build().start();
 * }</pre>
 *
 * <p>Each call runs on a virtual thread of its own (the server's transport threads must not wait for a commit).
 * The service is for the other nodes only: the server's TLS applies to it, its interceptors do not.
 */
public final class ClusterGrpcService extends ClusterServiceGrpc.ClusterServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(ClusterGrpcService.class);

    private final DeliveryTargets local;
    private final ShardDirectory directory;

    /**
     * @param local this engine's own targets ({@code Engine.localDeliveryTargets()})
     * @param directory which shards this node owns
     */
    public ClusterGrpcService(DeliveryTargets local, ShardDirectory directory) {
        this.local = Objects.requireNonNull(local, "local");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public void startChildWorkflow(StartChildWorkflowRequest r, StreamObserver<StartChildWorkflowResponse> out) {
        call(out, () -> {
            io.reprise.engine.api.StartWorkflowRequest start = ApiMapper.fromProto(r.getStart());
            requireOwned(start.namespace(), start.workflowId());
            return StartChildWorkflowResponse.newBuilder().setExecution(ApiMapper.toProto(
                    local.startChild(start, EventAttributesMapper.fromProto(r.getParent())))).build();
        });
    }

    @Override
    public void recordChildClosed(RecordChildClosedRequest r, StreamObserver<RecordChildClosedResponse> out) {
        call(out, () -> {
            EventAttributes.ParentExecution parent = EventAttributesMapper.fromProto(r.getParent());
            requireOwned(parent.namespace(), parent.workflowId());
            local.recordChildClosed(parent, string(r.hasChildFirstRunId(), r.getChildFirstRunId()),
                    string(r.hasChildRunId(), r.getChildRunId()), HistoryEventMapper.fromProto(r.getCloseEvent()));
            return RecordChildClosedResponse.getDefaultInstance();
        });
    }

    @Override
    public void getClosedChild(GetClosedChildRequest r, StreamObserver<GetClosedChildResponse> out) {
        call(out, () -> {
            String namespace = string(r.hasNamespace(), r.getNamespace());
            String childWorkflowId = string(r.hasChildWorkflowId(), r.getChildWorkflowId());
            requireOwned(namespace, childWorkflowId);
            GetClosedChildResponse.Builder b = GetClosedChildResponse.newBuilder();
            local.closedChild(namespace, childWorkflowId, string(r.hasParentRunId(), r.getParentRunId()),
                    r.getInitiatedEventId()).ifPresent(closed -> {
                        ClosedChild.Builder c = ClosedChild.newBuilder()
                                .setCloseEvent(HistoryEventMapper.toProto(closed.closeEvent()));
                        CommonMapper.ifSet(closed.firstRunId(), c::setFirstRunId);
                        CommonMapper.ifSet(closed.runId(), c::setRunId);
                        b.setClosedChild(c);
                    });
            return b.build();
        });
    }

    @Override
    public void getOpenChildOfClosedParent(GetOpenChildOfClosedParentRequest r,
            StreamObserver<GetOpenChildOfClosedParentResponse> out) {
        call(out, () -> {
            EventAttributes.ParentExecution parent = EventAttributesMapper.fromProto(r.getParent());
            requireOwned(parent.namespace(), parent.workflowId());
            GetOpenChildOfClosedParentResponse.Builder b = GetOpenChildOfClosedParentResponse.newBuilder();
            local.openChildOfClosedParent(parent).ifPresent(child -> {
                OpenChild.Builder c = OpenChild.newBuilder()
                        .setParentClosePolicy(ProtoEnums.PARENT_CLOSE_POLICIES.toProto(child.policy()));
                CommonMapper.ifSet(child.workflowId(), c::setWorkflowId);
                b.setOpenChild(c);
            });
            return b.build();
        });
    }

    @Override
    public void getRunningChildRunId(GetRunningChildRunIdRequest r,
            StreamObserver<GetRunningChildRunIdResponse> out) {
        call(out, () -> {
            String namespace = string(r.hasNamespace(), r.getNamespace());
            String childWorkflowId = string(r.hasChildWorkflowId(), r.getChildWorkflowId());
            requireOwned(namespace, childWorkflowId);
            GetRunningChildRunIdResponse.Builder b = GetRunningChildRunIdResponse.newBuilder();
            local.runningChildRunId(namespace, childWorkflowId, string(r.hasParentRunId(), r.getParentRunId()))
                    .ifPresent(b::setRunId);
            return b.build();
        });
    }

    /** Refuses a call about a shard this node does not own, naming the owner it knows. */
    private void requireOwned(String namespace, String workflowId) {
        if (namespace == null || workflowId == null) {
            return; // the engine refuses the call itself, naming what is missing
        }
        int shard = directory.shardOf(namespace, workflowId);
        if (!directory.isLocal(shard)) {
            String owner = directory.ownerOf(shard).map(NodeAddress::nodeId).orElse(null);
            throw new NotOwnerException(shard, owner, "Node " + directory.localNodeId() + " does not own shard "
                    + shard + " (workflow id \"" + workflowId + "\" in namespace \"" + namespace + "\")"
                    + (owner == null ? "; no node owns it at the moment" : "; node " + owner + " does"));
        }
    }

    /** Answers on a virtual thread of its own, with the call's context; what it throws is answered as a status. */
    private static <R> void call(StreamObserver<R> out, Supplier<R> call) {
        Thread.ofVirtual().name("reprise-cluster-call").start(Context.current().wrap(() -> {
            R response;
            try {
                response = call.get();
            } catch (RuntimeException | Error e) {
                io.grpc.Status status = StatusMapping.toStatus(e);
                if (status.getCode() == io.grpc.Status.Code.INTERNAL) {
                    log.error("A cluster call failed unexpectedly; answered INTERNAL", e);
                }
                out.onError(status.asRuntimeException());
                return;
            }
            out.onNext(response);
            out.onCompleted();
        }));
    }

    private static String string(boolean present, String value) {
        return CommonMapper.string(present, value);
    }
}
