package io.reprise.transport.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.reprise.common.Payload;
import io.reprise.engine.api.ActivityHeartbeatResponse;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.ExecutionDescription;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.GetHistoryRequest;
import io.reprise.engine.api.HealthProbe;
import io.reprise.engine.api.HistoryPage;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.NamespaceDescription;
import io.reprise.engine.api.PollActivityTaskRequest;
import io.reprise.engine.api.QueryWorkflowRequest;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.ServerInfo;
import io.reprise.engine.api.SignalWithStartWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TaskHandBack;
import io.reprise.engine.api.TaskQueueBacklog;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.UpdateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.engine.proto.CommandMapper;
import io.reprise.engine.proto.CommonMapper;
import io.reprise.engine.proto.v1.AwaitOutcomeRequest;
import io.reprise.engine.proto.v1.AwaitOutcomeResponse;
import io.reprise.engine.proto.v1.CompleteActivityTaskByIdRequest;
import io.reprise.engine.proto.v1.CompleteActivityTaskRequest;
import io.reprise.engine.proto.v1.CompleteWorkflowTaskRequest;
import io.reprise.engine.proto.v1.CompleteWorkflowTaskResponse;
import io.reprise.engine.proto.v1.CountExecutionsRequest;
import io.reprise.engine.proto.v1.DescribeNamespaceRequest;
import io.reprise.engine.proto.v1.DescribeWorkflowRequest;
import io.reprise.engine.proto.v1.EngineServiceGrpc;
import io.reprise.engine.proto.v1.FailActivityTaskByIdRequest;
import io.reprise.engine.proto.v1.FailActivityTaskRequest;
import io.reprise.engine.proto.v1.FailWorkflowTaskRequest;
import io.reprise.engine.proto.v1.GetHistoryResponse;
import io.reprise.engine.proto.v1.GetServerInfoRequest;
import io.reprise.engine.proto.v1.HandBackTaskRequest;
import io.reprise.engine.proto.v1.ListNamespacesRequest;
import io.reprise.engine.proto.v1.PollActivityTaskResponse;
import io.reprise.engine.proto.v1.PollWorkflowTaskRequest;
import io.reprise.engine.proto.v1.PollWorkflowTaskResponse;
import io.reprise.engine.proto.v1.RecordActivityHeartbeatByIdRequest;
import io.reprise.engine.proto.v1.RecordActivityHeartbeatRequest;
import io.reprise.engine.proto.v1.RegisterNamespaceRequest;
import io.reprise.engine.proto.v1.ReportActivityTaskCanceledByIdRequest;
import io.reprise.engine.proto.v1.ReportActivityTaskCanceledRequest;
import io.reprise.engine.proto.v1.RespondQueryTaskRequest;
import io.reprise.engine.proto.v1.SignalNames;
import io.reprise.engine.proto.v1.UpdateNamespaceRequest;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EngineService} on a Reprise engine served over gRPC ({@link GrpcEngineServer}): what the client and
 * the workers use in remote mode, in place of the embedded engine.
 *
 * <pre>{@code
 * EngineService engine = GrpcEngineService.newBuilder().target("localhost:7444").build();
 * WorkflowClient client = WorkflowClient.newInstance(engine);
 * }</pre>
 *
 * <p>It connects lazily: an engine that is down when this is built is no error; calls fail with
 * {@code UNAVAILABLE} until it is reachable (the workers back off and recover). Each call has a deadline: a poll
 * its wait + 10 s (the server answers empty a second before that), a query or update its timeout + 5 s, any other
 * call {@link Builder#rpcTimeout} (10 s by default). {@link #awaitOutcome} waits in chunks of at most 30 s and
 * rides out a restarting engine ({@code UNAVAILABLE} retried with a backoff) until its wait ends. A poll or an
 * outcome wait whose thread is interrupted returns empty with the interrupt flag kept.
 *
 * <p>Errors are the engine's, with the same codes ({@link EngineException}); failures of the transport itself say
 * which engine could not be reached.
 */
public final class GrpcEngineService implements EngineService, HealthProbe, TaskHandBack {

    private static final Logger log = LoggerFactory.getLogger(GrpcEngineService.class);

    /** Added to a poll's wait for its deadline: the server answers empty before the wait ends. */
    static final Duration POLL_DEADLINE_MARGIN = Duration.ofSeconds(10);
    /** Added to a query's or update's timeout for its deadline: the engine answers at the timeout. */
    static final Duration MESSAGE_DEADLINE_MARGIN = Duration.ofSeconds(5);
    /** The longest one {@code AwaitOutcome} call waits; a longer wait is several calls. */
    static final Duration OUTCOME_CHUNK = Duration.ofSeconds(30);
    /** The deadline of every other call, unless configured. */
    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);
    /** The largest response read: 64 MiB (a workflow task carries its history). */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 64 * 1024 * 1024;
    /** The largest request sent: the server's default limit. */
    public static final int DEFAULT_MAX_REQUEST_SIZE = GrpcEngineServer.DEFAULT_MAX_INBOUND_MESSAGE_SIZE;

    private static final Duration RETRY_INITIAL = Duration.ofMillis(100);
    private static final Duration RETRY_MAXIMUM = Duration.ofSeconds(5);
    private static final Duration CONNECT_RETRY_MAXIMUM = Duration.ofSeconds(1);
    /** The least time left for another attempt of a call that could not connect. */
    private static final Duration LEAST_ATTEMPT = Duration.ofMillis(20);
    /** The least time between two resets of the channel's reconnect backoff. */
    private static final long BACKOFF_RESET_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ManagedChannel channel;
    private final boolean ownsChannel;
    private final EngineServiceGrpc.EngineServiceBlockingStub stub;
    private final String target;
    private final Duration rpcTimeout;
    private final int maxRequestSize;
    private final boolean retryWhileUnreachable;
    private final AtomicLong lastBackoffReset = new AtomicLong(System.nanoTime() - BACKOFF_RESET_INTERVAL_NANOS);

    private GrpcEngineService(Builder b) {
        if (b.channel != null) {
            this.channel = b.channel;
            this.ownsChannel = false;
            this.target = b.channel.authority();
        } else {
            NettyChannelBuilder netty = NettyChannelBuilder.forTarget(b.target, b.credentials)
                    .maxInboundMessageSize(b.maxInboundMessageSize)
                    .keepAliveTime(30, TimeUnit.SECONDS)
                    .keepAliveTimeout(10, TimeUnit.SECONDS)
                    .keepAliveWithoutCalls(true)
                    .userAgent("reprise-grpc");
            b.customizers.forEach(customizer -> customizer.accept(netty));
            this.channel = netty.build();
            this.ownsChannel = true;
            this.target = b.target;
        }
        EngineServiceGrpc.EngineServiceBlockingStub s = EngineServiceGrpc.newBlockingStub(channel)
                .withMaxInboundMessageSize(b.maxInboundMessageSize);
        this.stub = b.callCredentials != null ? s.withCallCredentials(b.callCredentials) : s;
        this.rpcTimeout = b.rpcTimeout;
        this.maxRequestSize = b.maxRequestSize;
        this.retryWhileUnreachable = b.retryWhileUnreachable;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** Where the engine is called: the builder's target, or the given channel's authority. */
    public String target() {
        return target;
    }

    // ------------------------------------------------------------ executions

    @Override
    public WorkflowExecution startWorkflow(StartWorkflowRequest request) {
        return ApiMapper.fromProto(true, call("StartWorkflow", ApiMapper.toProto(request), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::startWorkflow).getExecution());
    }

    @Override
    public ExecutionDescription describeWorkflow(String namespace, String workflowId, String runId) {
        DescribeWorkflowRequest.Builder b = DescribeWorkflowRequest.newBuilder();
        CommonMapper.ifSet(namespace, b::setNamespace);
        CommonMapper.ifSet(workflowId, b::setWorkflowId);
        CommonMapper.ifSet(runId, b::setRunId);
        return ApiMapper.fromProto(call("DescribeWorkflow", b.build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::describeWorkflow));
    }

    @Override
    public HistoryPage getHistory(GetHistoryRequest request) {
        return ApiMapper.fromProto(call("GetHistory", ApiMapper.toProto(request), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::getHistory));
    }

    private GetHistoryResponse historyPage(String namespace, String workflowId, String runId, String token) {
        return call("GetHistory", ApiMapper.toProto(new GetHistoryRequest(namespace, workflowId,
                runId, 0, token)), rpcTimeout, EngineServiceGrpc.EngineServiceBlockingStub::getHistory);
    }

    @Override
    public ListExecutionsResponse listExecutions(ListExecutionsRequest request) {
        return ApiMapper.fromProto(call("ListExecutions", ApiMapper.toProto(request), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::listExecutions));
    }

    @Override
    public long countExecutions(String namespace, String query) {
        CountExecutionsRequest.Builder b = CountExecutionsRequest.newBuilder();
        CommonMapper.ifSet(namespace, b::setNamespace);
        CommonMapper.ifSet(query, b::setQuery);
        return call("CountExecutions", b.build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::countExecutions).getCount();
    }

    /**
     * Waits in calls of at most 30 s until the run closes or {@code wait} ends. An engine that cannot be reached
     * ({@code UNAVAILABLE}: restarting, failing over), cancels the call (stopping), closes the connection under it
     * (killed mid-call: {@code UNKNOWN "channel closed"}) or does not answer in time is asked again after a backoff (100 ms doubling to 5 s) while the wait lasts; other errors end the wait, and so does a
     * cluster node's refusal as not owner of the run ({@code NotOwnerException}), for its caller to ask the owner,
     * and, without {@link Builder#retryWhileUnreachable}, an engine that cannot be connected to.
     */
    @Override
    public Optional<WorkflowOutcome> awaitOutcome(String namespace, String workflowId, String runId, Duration wait) {
        long deadline = deadlineAfter(wait);
        Duration backoff = RETRY_INITIAL;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                return Optional.empty();
            }
            Duration chunk = min(remaining(deadline), OUTCOME_CHUNK);
            AwaitOutcomeRequest.Builder b = AwaitOutcomeRequest.newBuilder().setWait(ApiMapper.duration(chunk));
            CommonMapper.ifSet(namespace, b::setNamespace);
            CommonMapper.ifSet(workflowId, b::setWorkflowId);
            CommonMapper.ifSet(runId, b::setRunId);
            try {
                AwaitOutcomeResponse response = rawCall("AwaitOutcome", b.build(), chunk.plus(POLL_DEADLINE_MARGIN),
                        EngineServiceGrpc.EngineServiceBlockingStub::awaitOutcome);
                if (response.hasOutcome()) {
                    return Optional.of(ApiMapper.fromProto(response.getOutcome()));
                }
                backoff = RETRY_INITIAL;
            } catch (StatusRuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return Optional.empty();
                }
                // The engine unreachable, restarting (its calls cancelled, or the connection closed under the call),
                // or silent: ask again while the wait lasts. Not a cluster node's refusal as not owner: asking it
                // again would not help, the caller (a node's router) asks the owner instead.
                // Nor, for a client built not to retry while unreachable (a router's client of another node), an
                // engine that cannot be connected to: its router looks for the run's next owner.
                Status.Code code = e.getStatus().getCode();
                boolean passing = (code == Status.Code.UNAVAILABLE && !StatusMapping.isNotOwner(e)
                                && (retryWhileUnreachable || !neverConnected(e)))
                        || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.CANCELLED
                        || StatusMapping.isConnectionClosed(e);
                if (!passing || remaining(deadline).isZero()) {
                    throw StatusMapping.toEngineException(e, "AwaitOutcome", target);
                }
                if (!sleep(min(jittered(backoff), remaining(deadline)))) {
                    return Optional.empty();
                }
                backoff = min(backoff.multipliedBy(2), RETRY_MAXIMUM);
            }
            if (remaining(deadline).isZero()) {
                return Optional.empty();
            }
        }
    }

    // ------------------------------------------------------------ workflow tasks

    @Override
    public Optional<WorkflowTask> pollWorkflowTask(String namespace, String taskQueue, String identity,
            Duration wait) {
        PollWorkflowTaskRequest.Builder b = PollWorkflowTaskRequest.newBuilder();
        CommonMapper.ifSet(namespace, b::setNamespace);
        CommonMapper.ifSet(taskQueue, b::setTaskQueue);
        CommonMapper.ifSet(identity, b::setIdentity);
        CommonMapper.ifSet(ApiMapper.duration(wait), b::setWait);
        return poll("PollWorkflowTask", b.build(), wait, EngineServiceGrpc.EngineServiceBlockingStub::pollWorkflowTask)
                .filter(PollWorkflowTaskResponse::hasTask)
                .map(response -> workflowTask(response.getTask()));
    }

    @Override
    public Optional<WorkflowTask> completeWorkflowTask(byte[] taskToken, List<Command> commands, String identity,
            String stickyTaskQueue, boolean forceNewWorkflowTask, List<String> signalNames) {
        CompleteWorkflowTaskRequest.Builder b = CompleteWorkflowTaskRequest.newBuilder()
                .setTaskToken(token(taskToken))
                .setForceNewWorkflowTask(forceNewWorkflowTask);
        commands.forEach(command -> b.addCommands(CommandMapper.toProto(command)));
        CommonMapper.ifSet(identity, b::setIdentity);
        CommonMapper.ifSet(stickyTaskQueue, b::setStickyTaskQueue);
        if (signalNames != null) {
            b.setSignalNames(SignalNames.newBuilder().addAllNames(signalNames));
        }
        CompleteWorkflowTaskResponse response = call("CompleteWorkflowTask", b.build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::completeWorkflowTask);
        return response.hasNewTask() ? Optional.of(workflowTask(response.getNewTask())) : Optional.empty();
    }

    /** The task, its history read to its end when the server sent only its first part. */
    private WorkflowTask workflowTask(io.reprise.engine.proto.v1.WorkflowTask task) {
        if (!task.hasNextPageToken()) {
            return ApiMapper.fromProto(task, task.getHistoryList());
        }
        List<io.reprise.engine.proto.v1.HistoryEvent> history = new ArrayList<>(task.getHistoryList());
        String token = task.getNextPageToken();
        long last = history.isEmpty() ? task.getPreviousStartedEventId() : history.getLast().getEventId();
        while (token != null && last < task.getStartedEventId()) {
            GetHistoryResponse page = historyPage(task.getNamespace(), task.getExecution().getWorkflowId(),
                    task.getExecution().getRunId(), token);
            for (io.reprise.engine.proto.v1.HistoryEvent event : page.getEventsList()) {
                if (event.getEventId() > last && event.getEventId() <= task.getStartedEventId()) {
                    history.add(event);
                    last = event.getEventId();
                }
            }
            token = page.hasNextPageToken() ? page.getNextPageToken() : null;
        }
        return ApiMapper.fromProto(task, history);
    }

    @Override
    public void failWorkflowTask(byte[] taskToken, WorkflowTaskFailedCause cause, Failure failure, String identity) {
        FailWorkflowTaskRequest.Builder b = FailWorkflowTaskRequest.newBuilder()
                .setTaskToken(token(taskToken))
                .setCause(ApiMapper.FAILED_CAUSES.toProto(cause));
        CommonMapper.ifSet(CommonMapper.toProto(failure), b::setFailure);
        CommonMapper.ifSet(identity, b::setIdentity);
        call("FailWorkflowTask", b.build(), rpcTimeout, EngineServiceGrpc.EngineServiceBlockingStub::failWorkflowTask);
    }

    // ------------------------------------------------------------ activity tasks

    @Override
    public Optional<ActivityTask> pollActivityTask(PollActivityTaskRequest request) {
        return poll("PollActivityTask", ApiMapper.toProto(request, request.pollWait()), request.pollWait(),
                EngineServiceGrpc.EngineServiceBlockingStub::pollActivityTask)
                .filter(PollActivityTaskResponse::hasTask)
                .map(response -> ApiMapper.fromProto(response.getTask()));
    }

    @Override
    public void completeActivityTask(byte[] taskToken, Payload result, String identity) {
        CompleteActivityTaskRequest.Builder b = CompleteActivityTaskRequest.newBuilder().setTaskToken(token(taskToken));
        CommonMapper.ifSet(CommonMapper.toProto(result), b::setResult);
        CommonMapper.ifSet(identity, b::setIdentity);
        call("CompleteActivityTask", b.build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::completeActivityTask);
    }

    @Override
    public void failActivityTask(byte[] taskToken, Failure failure, String identity) {
        FailActivityTaskRequest.Builder b = FailActivityTaskRequest.newBuilder().setTaskToken(token(taskToken));
        CommonMapper.ifSet(CommonMapper.toProto(failure), b::setFailure);
        CommonMapper.ifSet(identity, b::setIdentity);
        call("FailActivityTask", b.build(), rpcTimeout, EngineServiceGrpc.EngineServiceBlockingStub::failActivityTask);
    }

    @Override
    public ActivityHeartbeatResponse recordActivityHeartbeat(byte[] taskToken, List<Payload> details,
            String identity) {
        RecordActivityHeartbeatRequest.Builder b = RecordActivityHeartbeatRequest.newBuilder()
                .setTaskToken(token(taskToken))
                .addAllDetails(CommonMapper.payloadsToProto(details));
        CommonMapper.ifSet(identity, b::setIdentity);
        return new ActivityHeartbeatResponse(call("RecordActivityHeartbeat", b.build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::recordActivityHeartbeat).getCancelRequested());
    }

    @Override
    public ActivityHeartbeatResponse recordActivityHeartbeatById(String namespace, String workflowId, String runId,
            String activityId, List<Payload> details, String identity) {
        RecordActivityHeartbeatByIdRequest.Builder b = RecordActivityHeartbeatByIdRequest.newBuilder()
                .addAllDetails(CommonMapper.payloadsToProto(details));
        CommonMapper.ifSet(namespace, b::setNamespace);
        CommonMapper.ifSet(workflowId, b::setWorkflowId);
        CommonMapper.ifSet(runId, b::setRunId);
        CommonMapper.ifSet(activityId, b::setActivityId);
        CommonMapper.ifSet(identity, b::setIdentity);
        return new ActivityHeartbeatResponse(call("RecordActivityHeartbeatById", b.build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::recordActivityHeartbeatById).getCancelRequested());
    }

    @Override
    public void completeActivityTaskById(String namespace, String workflowId, String runId, String activityId,
            Payload result, String identity) {
        CompleteActivityTaskByIdRequest.Builder b = CompleteActivityTaskByIdRequest.newBuilder();
        CommonMapper.ifSet(namespace, b::setNamespace);
        CommonMapper.ifSet(workflowId, b::setWorkflowId);
        CommonMapper.ifSet(runId, b::setRunId);
        CommonMapper.ifSet(activityId, b::setActivityId);
        CommonMapper.ifSet(CommonMapper.toProto(result), b::setResult);
        CommonMapper.ifSet(identity, b::setIdentity);
        call("CompleteActivityTaskById", b.build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::completeActivityTaskById);
    }

    @Override
    public void failActivityTaskById(String namespace, String workflowId, String runId, String activityId,
            Failure failure, String identity) {
        FailActivityTaskByIdRequest.Builder b = FailActivityTaskByIdRequest.newBuilder();
        CommonMapper.ifSet(namespace, b::setNamespace);
        CommonMapper.ifSet(workflowId, b::setWorkflowId);
        CommonMapper.ifSet(runId, b::setRunId);
        CommonMapper.ifSet(activityId, b::setActivityId);
        CommonMapper.ifSet(CommonMapper.toProto(failure), b::setFailure);
        CommonMapper.ifSet(identity, b::setIdentity);
        call("FailActivityTaskById", b.build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::failActivityTaskById);
    }

    @Override
    public void reportActivityTaskCanceled(byte[] taskToken, List<Payload> details, String identity) {
        ReportActivityTaskCanceledRequest.Builder b = ReportActivityTaskCanceledRequest.newBuilder()
                .setTaskToken(token(taskToken))
                .addAllDetails(CommonMapper.payloadsToProto(details));
        CommonMapper.ifSet(identity, b::setIdentity);
        call("ReportActivityTaskCanceled", b.build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::reportActivityTaskCanceled);
    }

    @Override
    public void reportActivityTaskCanceledById(String namespace, String workflowId, String runId, String activityId,
            List<Payload> details, String identity) {
        ReportActivityTaskCanceledByIdRequest.Builder b = ReportActivityTaskCanceledByIdRequest.newBuilder()
                .addAllDetails(CommonMapper.payloadsToProto(details));
        CommonMapper.ifSet(namespace, b::setNamespace);
        CommonMapper.ifSet(workflowId, b::setWorkflowId);
        CommonMapper.ifSet(runId, b::setRunId);
        CommonMapper.ifSet(activityId, b::setActivityId);
        CommonMapper.ifSet(identity, b::setIdentity);
        call("ReportActivityTaskCanceledById", b.build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::reportActivityTaskCanceledById);
    }

    // ------------------------------------------------------------ messages and lifecycle

    @Override
    public void signalWorkflow(SignalWorkflowRequest request) {
        call("SignalWorkflow", ApiMapper.toProto(request), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::signalWorkflow);
    }

    @Override
    public WorkflowExecution signalWithStartWorkflow(SignalWithStartWorkflowRequest request) {
        return ApiMapper.fromProto(true, call("SignalWithStartWorkflow", ApiMapper.toProto(request), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::signalWithStartWorkflow).getExecution());
    }

    @Override
    public void requestCancelWorkflow(RequestCancelWorkflowRequest request) {
        call("RequestCancelWorkflow", ApiMapper.toProto(request), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::requestCancelWorkflow);
    }

    @Override
    public void terminateWorkflow(TerminateWorkflowRequest request) {
        call("TerminateWorkflow", ApiMapper.toProto(request), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::terminateWorkflow);
    }

    @Override
    public MessageResult queryWorkflow(QueryWorkflowRequest request) {
        return ApiMapper.fromProto(call("QueryWorkflow", ApiMapper.toProto(request),
                messageDeadline(request.timeout(), QueryWorkflowRequest.DEFAULT_TIMEOUT),
                EngineServiceGrpc.EngineServiceBlockingStub::queryWorkflow)
                .getResult());
    }

    @Override
    public void respondQueryTask(byte[] taskToken, Payload result, Failure failure, String identity) {
        RespondQueryTaskRequest.Builder b = RespondQueryTaskRequest.newBuilder().setTaskToken(token(taskToken));
        CommonMapper.ifSet(CommonMapper.toProto(result), b::setResult);
        CommonMapper.ifSet(CommonMapper.toProto(failure), b::setFailure);
        CommonMapper.ifSet(identity, b::setIdentity);
        call("RespondQueryTask", b.build(), rpcTimeout, EngineServiceGrpc.EngineServiceBlockingStub::respondQueryTask);
    }

    @Override
    public MessageResult updateWorkflow(UpdateWorkflowRequest request) {
        return ApiMapper.fromProto(call("UpdateWorkflow", ApiMapper.toProto(request),
                messageDeadline(request.timeout(), UpdateWorkflowRequest.DEFAULT_TIMEOUT),
                EngineServiceGrpc.EngineServiceBlockingStub::updateWorkflow)
                .getResult());
    }

    // ------------------------------------------------------------ the server and namespaces

    @Override
    public ServerInfo getServerInfo() {
        return ApiMapper.fromProto(call("GetServerInfo", GetServerInfoRequest.getDefaultInstance(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::getServerInfo));
    }

    @Override
    public NamespaceDescription registerNamespace(NamespaceConfig config) {
        return ApiMapper.fromProto(call("RegisterNamespace",
                RegisterNamespaceRequest.newBuilder().setConfig(ApiMapper.toProto(config)).build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::registerNamespace).getNamespace());
    }

    @Override
    public NamespaceDescription describeNamespace(String name) {
        DescribeNamespaceRequest.Builder b = DescribeNamespaceRequest.newBuilder();
        CommonMapper.ifSet(name, b::setName);
        return ApiMapper.fromProto(call("DescribeNamespace", b.build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::describeNamespace).getNamespace());
    }

    @Override
    public List<NamespaceDescription> listNamespaces() {
        return call("ListNamespaces", ListNamespacesRequest.getDefaultInstance(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::listNamespaces)
                .getNamespacesList().stream().map(ApiMapper::fromProto).toList();
    }

    @Override
    public NamespaceDescription updateNamespace(NamespaceConfig config) {
        return ApiMapper.fromProto(call("UpdateNamespace",
                UpdateNamespaceRequest.newBuilder().setConfig(ApiMapper.toProto(config)).build(), rpcTimeout,
                EngineServiceGrpc.EngineServiceBlockingStub::updateNamespace).getNamespace());
    }

    // ------------------------------------------------------------ between cluster nodes

    /**
     * Hands a task back to the engine it was polled from ({@code HandBackTask}); used by a cluster node that
     * forwarded a poll and no longer has a worker for its task. Never fails: a failure is logged, and the task then
     * waits for its timeout as it would without a hand-back.
     */
    @Override
    public void handBackWorkflowTask(byte[] taskToken) {
        handBack(taskToken, true);
    }

    /** Like {@link #handBackWorkflowTask}, for an Activity Task. */
    @Override
    public void handBackActivityTask(byte[] taskToken) {
        handBack(taskToken, false);
    }

    private void handBack(byte[] taskToken, boolean workflowTask) {
        HandBackTaskRequest request = HandBackTaskRequest.newBuilder().setTaskToken(token(taskToken))
                .setWorkflowTask(workflowTask).build();
        try {
            call("HandBackTask", request, rpcTimeout, EngineServiceGrpc.EngineServiceBlockingStub::handBackTask);
        } catch (EngineException e) {
            log.warn("Could not hand back a task to the"
                    + " Reprise engine at {}; it waits for its timeout: {}", target, e.getMessage());
        }
    }

    // ------------------------------------------------------------ health

    /**
     * Returns normally when the engine answers {@code GetServerInfo} within the RPC timeout (its store is its own
     * health's to check). One attempt: an engine that cannot be connected to is down now, whatever
     * {@link Builder#retryWhileUnreachable} says.
     *
     * @throws EngineException why not: {@code UNAVAILABLE} naming the target while it cannot be reached, or the
     *     server's refusal of this client's credentials
     */
    @Override
    public void pingStore() {
        try {
            rawCall("GetServerInfo", GetServerInfoRequest.getDefaultInstance(), rpcTimeout,
                    EngineServiceGrpc.EngineServiceBlockingStub::getServerInfo);
        } catch (StatusRuntimeException e) {
            throw StatusMapping.toEngineException(e, "GetServerInfo", target);
        }
    }

    /** Not known over gRPC: {@code null}. */
    @Override
    public TaskQueueBacklog taskQueueBacklog(String namespace, String taskQueue) {
        return null;
    }

    /** Closes the channel (unless it was given to the builder); the engine keeps running. */
    @Override
    public void close() {
        if (!ownsChannel) {
            return;
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "GrpcEngineService[" + target + "]";
    }

    // ------------------------------------------------------------ plumbing

    /**
     * One call that does not wait; a failure is the engine's error of the same code. A call that could not connect to
     * the engine is tried again, when so built, after a backoff (100 ms doubling to 1 s) until {@code deadline} has
     * passed since it began: it was never sent.
     */
    private <Q extends MessageLite, R> R call(String name, Q request, Duration deadline,
            BiFunction<EngineServiceGrpc.EngineServiceBlockingStub, Q, R> rpc) {
        long end = deadlineAfter(deadline);
        Duration backoff = RETRY_INITIAL;
        Duration attempt = deadline;
        while (true) {
            try {
                return rawCall(name, request, attempt, rpc);
            } catch (StatusRuntimeException e) {
                if (!retryWhileUnreachable || !neverConnected(e) || Thread.currentThread().isInterrupted()) {
                    throw StatusMapping.toEngineException(e, name, target);
                }
                Duration pause = min(jittered(backoff), remaining(end));
                if (!sleep(pause) || remaining(end).compareTo(LEAST_ATTEMPT) < 0) {
                    throw StatusMapping.toEngineException(e, name, target);
                }
                attempt = remaining(end);
                backoff = min(backoff.multipliedBy(2), CONNECT_RETRY_MAXIMUM);
            }
        }
    }

    /**
     * Whether a call failed because no connection to the engine could be made (nothing listening at its address, a
     * host that cannot be reached): {@code UNAVAILABLE} caused by a {@link ConnectException}, in {@code failure} or its
     * causes (a client's {@link EngineException} carries the transport's error as its cause). Such a call was never
     * sent, so it took no effect and may be sent again, elsewhere too.
     */
    public static boolean neverConnected(Throwable failure) {
        boolean unavailable = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status) {
                unavailable = status.getStatus().getCode() == Status.Code.UNAVAILABLE;
            } else if (cause instanceof ConnectException) {
                return unavailable;
            }
        }
        return false;
    }

    /** A long poll: empty when the thread is (or gets) interrupted, the flag kept. */
    private <Q extends MessageLite, R> Optional<R> poll(String name, Q request, Duration wait,
            BiFunction<EngineServiceGrpc.EngineServiceBlockingStub, Q, R> rpc) {
        if (Thread.currentThread().isInterrupted()) {
            return Optional.empty();
        }
        Duration deadline = (wait == null || wait.isNegative() ? Duration.ZERO : wait).plus(POLL_DEADLINE_MARGIN);
        try {
            return Optional.of(rawCall(name, request, deadline, rpc));
        } catch (StatusRuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return Optional.empty();
            }
            throw StatusMapping.toEngineException(e, name, target);
        }
    }

    private <Q extends MessageLite, R> R rawCall(String name, Q request, Duration deadline,
            BiFunction<EngineServiceGrpc.EngineServiceBlockingStub, Q, R> rpc) {
        int size = request.getSerializedSize();
        if (size > maxRequestSize) {
            throw EngineException.invalidArgument("The " + name + " request is " + size + " bytes, more than the "
                    + maxRequestSize + " bytes one call may carry to a Reprise server; a payload may be at most the"
                    + " engine's payload limit (2 MiB by default), and a call should carry a few of them at most");
        }
        try {
            return rpc.apply(stub.withDeadlineAfter(saturatedNanos(deadline), TimeUnit.NANOSECONDS), request);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                resetConnectBackoff();
            }
            throw e;
        }
    }

    /**
     * Lets the channel try to connect again at once. gRPC's own reconnect backoff grows to two minutes while an
     * engine is down; the callers here back off themselves (pollers up to 10 s), so the engine is found again
     * soon after it comes back. At most once a second.
     */
    private void resetConnectBackoff() {
        long now = System.nanoTime();
        long last = lastBackoffReset.get();
        if (now - last >= BACKOFF_RESET_INTERVAL_NANOS && lastBackoffReset.compareAndSet(last, now)) {
            channel.resetConnectBackoff();
        }
    }

    /**
     * The deadline of a query or update: its timeout (the engine's default when null; a negative one, which the
     * engine refuses, counts as zero) and {@link #MESSAGE_DEADLINE_MARGIN}.
     */
    private static Duration messageDeadline(Duration timeout, Duration defaultTimeout) {
        Duration wait = timeout == null ? defaultTimeout : timeout.isNegative() ? Duration.ZERO : timeout;
        return Duration.ofNanos(Math.min(saturatedNanos(wait), Long.MAX_VALUE / 4)).plus(MESSAGE_DEADLINE_MARGIN);
    }

    private static ByteString token(byte[] taskToken) {
        return taskToken == null ? ByteString.EMPTY : ByteString.copyFrom(taskToken);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return Math.max(0, duration.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    private static long deadlineAfter(Duration wait) {
        long nanos = wait == null || wait.isNegative() ? 0 : saturatedNanos(wait);
        return System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration jittered(Duration backoff) {
        return backoff.minusNanos((long) (backoff.toNanos() * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    /** Sleeps; {@code false} (the flag set again) when interrupted. */
    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Builds a {@link GrpcEngineService}: a target (or a channel) is required, the rest has defaults. */
    public static final class Builder {

        private String target;
        private ManagedChannel channel;
        private ChannelCredentials credentials = InsecureChannelCredentials.create();
        private CallCredentials callCredentials;
        private Duration rpcTimeout = DEFAULT_RPC_TIMEOUT;
        private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
        private int maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;
        private boolean retryWhileUnreachable = true;
        private final List<Consumer<NettyChannelBuilder>> customizers = new ArrayList<>();

        private Builder() {
        }

        /**
         * Where the engine is: {@code host:port} ({@code localhost:7444}) or a gRPC target URI
         * ({@code dns:///engine.internal:7444}).
         */
        public Builder target(String target) {
            if (target == null || target.isBlank()) {
                throw new IllegalArgumentException("The engine's target must not be blank; give host:port, e.g."
                        + " localhost:" + GrpcEngineServer.DEFAULT_PORT);
            }
            this.target = target;
            return this;
        }

        /**
         * A channel to use instead of one built from {@link #target}: the caller configures it (security, load
         * balancing) and closes it; {@link GrpcEngineService#close()} leaves it open.
         */
        public Builder channel(ManagedChannel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /** The transport security of a channel built from the target: plaintext by default, or TLS credentials. */
        public Builder credentials(ChannelCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Credentials sent with every call (a bearer token, for example); none by default. */
        public Builder callCredentials(CallCredentials callCredentials) {
            this.callCredentials = Objects.requireNonNull(callCredentials, "callCredentials");
            return this;
        }

        /** The deadline of calls that do not wait (all but polls, outcome waits, queries, updates); default 10 s. */
        public Builder rpcTimeout(Duration rpcTimeout) {
            if (rpcTimeout == null || rpcTimeout.isNegative() || rpcTimeout.isZero()) {
                throw new IllegalArgumentException("rpcTimeout must be positive, got " + rpcTimeout);
            }
            this.rpcTimeout = rpcTimeout;
            return this;
        }

        /** The largest answer read, in bytes; default 64 MiB. */
        public Builder maxInboundMessageSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxInboundMessageSize must be positive, got " + bytes);
            }
            this.maxInboundMessageSize = bytes;
            return this;
        }

        /**
         * The largest request sent, in bytes; default 16 MiB, the server's default limit. A bigger one is refused
         * here with {@code INVALID_ARGUMENT} instead of failing in the transport.
         */
        public Builder maxRequestSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxRequestSize must be positive, got " + bytes);
            }
            this.maxRequestSize = bytes;
            return this;
        }

        /**
         * Whether a call that could not connect to the engine (nothing listening: the engine restarting, a node
         * behind a load balancer stopping) is tried again, after a backoff of 100 ms doubling to 1 s, until its
         * deadline ({@link #rpcTimeout}, or a query's or update's timeout and 5 s); default true. Such a call was
         * never sent, so trying it again is safe for every call. Polls are not concerned (the workers' pollers back
         * off themselves), nor is {@link GrpcEngineService#awaitOutcome}, which rides out an unreachable engine
         * anyway. {@code false}: the call fails at once with {@code UNAVAILABLE}, as a cluster node's clients of
         * the other nodes do (their router decides where the call goes next).
         */
        public Builder retryWhileUnreachable(boolean retry) {
            this.retryWhileUnreachable = retry;
            return this;
        }

        /** Changes the Netty channel builder after the settings above are applied (not with {@link #channel}). */
        public Builder customize(Consumer<NettyChannelBuilder> customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        /** The client; it connects on its first call. */
        public GrpcEngineService build() {
            if (target == null && channel == null) {
                throw new IllegalStateException("A GrpcEngineService needs the engine's target (host:port, e.g."
                        + " localhost:" + GrpcEngineServer.DEFAULT_PORT + ") or a channel");
            }
            if (target != null && channel != null) {
                throw new IllegalStateException("Give a GrpcEngineService either a target or a channel, not both");
            }
            return new GrpcEngineService(this);
        }
    }
}
