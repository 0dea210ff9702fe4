package io.reprise.transport.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.reprise.engine.DeliveryTargets;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.proto.CommonMapper;
import io.reprise.engine.proto.EventAttributesMapper;
import io.reprise.engine.proto.HistoryEventMapper;
import io.reprise.engine.proto.ProtoEnums;
import io.reprise.engine.proto.v1.ClusterServiceGrpc;
import io.reprise.engine.proto.v1.GetClosedChildRequest;
import io.reprise.engine.proto.v1.GetClosedChildResponse;
import io.reprise.engine.proto.v1.GetOpenChildOfClosedParentRequest;
import io.reprise.engine.proto.v1.GetOpenChildOfClosedParentResponse;
import io.reprise.engine.proto.v1.GetRunningChildRunIdRequest;
import io.reprise.engine.proto.v1.GetRunningChildRunIdResponse;
import io.reprise.engine.proto.v1.RecordChildClosedRequest;
import io.reprise.engine.proto.v1.StartChildWorkflowRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The targets of deliveries at one other cluster node, over one channel to it: a child's start, a child's close and
 * the checks' reads through its internal {@code ClusterService} ({@link ClusterGrpcService}), signals, cancel
 * requests and terminations through its {@code EngineService}. Errors are the node's, as {@link EngineException}s
 * ({@link StatusMapping}); a node that cannot be reached is {@code UNAVAILABLE}. The channel is the caller's.
 */
final class GrpcDeliveryTargets implements DeliveryTargets {

    /** The least time between two resets of the channel's reconnect backoff. */
    private static final long BACKOFF_RESET_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ManagedChannel channel;
    private final String target;
    private final Duration rpcTimeout;
    private final ClusterServiceGrpc.ClusterServiceBlockingStub cluster;
    private final GrpcEngineService engine;
    private final AtomicLong lastBackoffReset = new AtomicLong(System.nanoTime() - BACKOFF_RESET_INTERVAL_NANOS);

    GrpcDeliveryTargets(ManagedChannel channel, String target, Duration rpcTimeout) {
        this.channel = channel;
        this.target = target;
        this.rpcTimeout = rpcTimeout;
        this.cluster = ClusterServiceGrpc.newBlockingStub(channel);
        this.engine = GrpcEngineService.newBuilder().channel(channel).rpcTimeout(rpcTimeout)
                .retryWhileUnreachable(false).build();
    }

    @Override
    public WorkflowExecution startChild(StartWorkflowRequest request, EventAttributes.ParentExecution parent) {
        return ApiMapper.fromProto(true, call("StartChildWorkflow", StartChildWorkflowRequest.newBuilder()
                .setStart(ApiMapper.toProto(request)).setParent(EventAttributesMapper.toProto(parent)).build(),
                ClusterServiceGrpc.ClusterServiceBlockingStub::startChildWorkflow).getExecution());
    }

    @Override
    public void recordChildClosed(EventAttributes.ParentExecution parent, String childFirstRunId, String childRunId,
            HistoryEvent closeEvent) {
        RecordChildClosedRequest.Builder b = RecordChildClosedRequest.newBuilder()
                .setParent(EventAttributesMapper.toProto(parent))
                .setCloseEvent(HistoryEventMapper.toProto(closeEvent));
        CommonMapper.ifSet(childFirstRunId, b::setChildFirstRunId);
        CommonMapper.ifSet(childRunId, b::setChildRunId);
        call("RecordChildClosed", b.build(), ClusterServiceGrpc.ClusterServiceBlockingStub::recordChildClosed);
    }

    @Override
    public void signal(SignalWorkflowRequest request) {
        engine.signalWorkflow(request);
    }

    @Override
    public void requestCancel(RequestCancelWorkflowRequest request) {
        engine.requestCancelWorkflow(request);
    }

    @Override
    public void terminate(TerminateWorkflowRequest request) {
        engine.terminateWorkflow(request);
    }

    @Override
    public Optional<ClosedChild> closedChild(String namespace, String childWorkflowId, String parentRunId,
            long initiatedEventId) {
        GetClosedChildRequest.Builder b = GetClosedChildRequest.newBuilder().setInitiatedEventId(initiatedEventId);
        CommonMapper.ifSet(namespace, b::setNamespace);
        CommonMapper.ifSet(childWorkflowId, b::setChildWorkflowId);
        CommonMapper.ifSet(parentRunId, b::setParentRunId);
        GetClosedChildResponse response = call("GetClosedChild", b.build(),
                ClusterServiceGrpc.ClusterServiceBlockingStub::getClosedChild);
        if (!response.hasClosedChild()) {
            return Optional.empty();
        }
        io.reprise.engine.proto.v1.ClosedChild c = response.getClosedChild();
        return Optional.of(new ClosedChild(CommonMapper.string(c.hasFirstRunId(), c.getFirstRunId()),
                CommonMapper.string(c.hasRunId(), c.getRunId()), HistoryEventMapper.fromProto(c.getCloseEvent())));
    }

    @Override
    public Optional<OpenChild> openChildOfClosedParent(EventAttributes.ParentExecution parent) {
        GetOpenChildOfClosedParentResponse response = call("GetOpenChildOfClosedParent",
                GetOpenChildOfClosedParentRequest.newBuilder().setParent(EventAttributesMapper.toProto(parent))
                        .build(),
                ClusterServiceGrpc.ClusterServiceBlockingStub::getOpenChildOfClosedParent);
        if (!response.hasOpenChild()) {
            return Optional.empty();
        }
        io.reprise.engine.proto.v1.OpenChild c = response.getOpenChild();
        return Optional.of(new OpenChild(CommonMapper.string(c.hasWorkflowId(), c.getWorkflowId()),
                ProtoEnums.PARENT_CLOSE_POLICIES.fromProto(c.getParentClosePolicyValue())));
    }

    @Override
    public Optional<String> runningChildRunId(String namespace, String childWorkflowId, String parentRunId) {
        GetRunningChildRunIdRequest.Builder b = GetRunningChildRunIdRequest.newBuilder();
        CommonMapper.ifSet(namespace, b::setNamespace);
        CommonMapper.ifSet(childWorkflowId, b::setChildWorkflowId);
        CommonMapper.ifSet(parentRunId, b::setParentRunId);
        GetRunningChildRunIdResponse response = call("GetRunningChildRunId", b.build(),
                ClusterServiceGrpc.ClusterServiceBlockingStub::getRunningChildRunId);
        return response.hasRunId() ? Optional.of(response.getRunId()) : Optional.empty();
    }

    private <Q extends MessageLite, R> R call(String name, Q request,
            BiFunction<ClusterServiceGrpc.ClusterServiceBlockingStub, Q, R> rpc) {
        try {
            return rpc.apply(cluster.withDeadlineAfter(rpcTimeout.toNanos(), TimeUnit.NANOSECONDS), request);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                resetConnectBackoff();
            }
            throw StatusMapping.toEngineException(e, name, target);
        }
    }

    /** A node that was down is called again at once when it is back, not after the channel's growing backoff. */
    private void resetConnectBackoff() {
        long now = System.nanoTime();
        long last = lastBackoffReset.get();
        if (now - last >= BACKOFF_RESET_INTERVAL_NANOS && lastBackoffReset.compareAndSet(last, now)) {
            channel.resetConnectBackoff();
        }
    }
}
