package io.reprise.transport.grpc;

import static io.reprise.engine.proto.CommonMapper.payloadsFromProto;
import static io.reprise.engine.proto.CommonMapper.string;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.reprise.engine.api.ActivityHeartbeatResponse;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.TaskHandBack;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.proto.CommandMapper;
import io.reprise.engine.proto.CommonMapper;
import io.reprise.engine.proto.v1.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC service over an {@link EngineService}: each RPC reads its request, makes the one engine call it names
 * and answers with the result, or with the status of what the engine threw ({@link StatusMapping}). Long polls are
 * held per {@link LongPoll}; a task whose poll was cancelled before it was answered is handed back to the engine
 * ({@link TaskHandBack}) when the engine offers that.
 *
 * <p>gRPC calls each method on the transport's own thread (the server runs with a direct executor), and each method
 * hands its work to {@code calls} at once: one thread (a virtual thread) per call, for the engine call and the
 * answer, because engine calls wait (for a commit, for a task). The gRPC call's context goes with it, so the
 * deadline and the cancellation of a long poll reach the thread that waits.
 */
final class EngineGrpcService extends EngineServiceGrpc.EngineServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(EngineGrpcService.class);

    private final EngineService engine;
    private final Executor calls;
    private final TaskHandBack handBack;
    /** The long polls in progress, ended at once when the server stops. */
    private final Set<LongPoll> longPolls = ConcurrentHashMap.newKeySet();

    EngineGrpcService(EngineService engine, Executor calls) {
        this.engine = engine;
        this.calls = calls;
        this.handBack = engine instanceof TaskHandBack h ? h : null;
    }

    // ------------------------------------------------------------ executions

    @Override
    public void startWorkflow(StartWorkflowRequest request, StreamObserver<StartWorkflowResponse> out) {
        unary(out, () -> StartWorkflowResponse.newBuilder()
                .setExecution(ApiMapper.toProto(engine.startWorkflow(ApiMapper.fromProto(request)))).build());
    }

    @Override
    public void describeWorkflow(DescribeWorkflowRequest r, StreamObserver<DescribeWorkflowResponse> out) {
        unary(out, () -> ApiMapper.toProto(engine.describeWorkflow(string(r.hasNamespace(), r.getNamespace()),
                string(r.hasWorkflowId(), r.getWorkflowId()), string(r.hasRunId(), r.getRunId()))));
    }

    @Override
    public void getHistory(GetHistoryRequest r, StreamObserver<GetHistoryResponse> out) {
        unary(out, () -> ApiMapper.toProto(engine.getHistory(ApiMapper.fromProto(r))));
    }

    @Override
    public void listExecutions(ListExecutionsRequest r, StreamObserver<ListExecutionsResponse> out) {
        unary(out, () -> ApiMapper.toProto(engine.listExecutions(ApiMapper.fromProto(r))));
    }

    @Override
    public void countExecutions(CountExecutionsRequest r, StreamObserver<CountExecutionsResponse> out) {
        unary(out, () -> CountExecutionsResponse.newBuilder().setCount(engine.countExecutions(
                string(r.hasNamespace(), r.getNamespace()), string(r.hasQuery(), r.getQuery()))).build());
    }

    @Override
    public void awaitOutcome(AwaitOutcomeRequest r, StreamObserver<AwaitOutcomeResponse> out) {
        handle(out, () -> {
            Optional<WorkflowOutcome> outcome = longPoll(out, () -> engine.awaitOutcome(
                    string(r.hasNamespace(), r.getNamespace()), string(r.hasWorkflowId(), r.getWorkflowId()),
                    string(r.hasRunId(), r.getRunId()), LongPoll.hold(ApiMapper.duration(r.hasWait(), r.getWait()))),
                    ignored -> { });
            if (outcome != null) {
                AwaitOutcomeResponse.Builder b = AwaitOutcomeResponse.newBuilder();
                outcome.ifPresent(o -> b.setOutcome(ApiMapper.toProto(o)));
                answer(out, b::build);
            }
        });
    }

    // ------------------------------------------------------------ workflow tasks

    @Override
    public void pollWorkflowTask(PollWorkflowTaskRequest r, StreamObserver<PollWorkflowTaskResponse> out) {
        handle(out, () -> {
            Optional<WorkflowTask> task = longPoll(out, () -> engine.pollWorkflowTask(
                    string(r.hasNamespace(), r.getNamespace()), string(r.hasTaskQueue(), r.getTaskQueue()),
                    string(r.hasIdentity(), r.getIdentity()),
                    LongPoll.hold(ApiMapper.duration(r.hasWait(), r.getWait()))),
                    polled -> polled.ifPresent(t -> handBack(t.taskToken(), true)));
            if (task != null) {
                PollWorkflowTaskResponse.Builder b = PollWorkflowTaskResponse.newBuilder();
                task.ifPresent(t -> b.setTask(ApiMapper.toProto(t)));
                answer(out, b::build);
            }
        });
    }

    @Override
    public void completeWorkflowTask(CompleteWorkflowTaskRequest r, StreamObserver<CompleteWorkflowTaskResponse> out) {
        unary(out, () -> {
            List<Command> commands = new ArrayList<>(r.getCommandsCount());
            r.getCommandsList().forEach(command -> commands.add(CommandMapper.fromProto(command)));
            Optional<WorkflowTask> next = engine.completeWorkflowTask(r.getTaskToken().toByteArray(), commands,
                    string(r.hasIdentity(), r.getIdentity()), string(r.hasStickyTaskQueue(), r.getStickyTaskQueue()),
                    r.getForceNewWorkflowTask(), r.hasSignalNames() ? r.getSignalNames().getNamesList() : null);
            CompleteWorkflowTaskResponse.Builder b = CompleteWorkflowTaskResponse.newBuilder();
            next.ifPresent(t -> b.setNewTask(ApiMapper.toProto(t)));
            return b.build();
        });
    }

    @Override
    public void failWorkflowTask(FailWorkflowTaskRequest r, StreamObserver<FailWorkflowTaskResponse> out) {
        unary(out, () -> {
            engine.failWorkflowTask(r.getTaskToken().toByteArray(), ApiMapper.FAILED_CAUSES.fromProto(r.getCauseValue()),
                    CommonMapper.fromProto(r.hasFailure(), r.getFailure()), string(r.hasIdentity(), r.getIdentity()));
            return FailWorkflowTaskResponse.getDefaultInstance();
        });
    }

    // ------------------------------------------------------------ activity tasks

    @Override
    public void pollActivityTask(PollActivityTaskRequest r, StreamObserver<PollActivityTaskResponse> out) {
        handle(out, () -> {
            Optional<ActivityTask> task = longPoll(out, () -> engine.pollActivityTask(
                    ApiMapper.fromProto(r, LongPoll.hold(ApiMapper.duration(r.hasWait(), r.getWait())))),
                    polled -> polled.ifPresent(t -> handBack(t.taskToken(), false)));
            if (task != null) {
                PollActivityTaskResponse.Builder b = PollActivityTaskResponse.newBuilder();
                task.ifPresent(t -> b.setTask(ApiMapper.toProto(t)));
                answer(out, b::build);
            }
        });
    }

    @Override
    public void completeActivityTask(CompleteActivityTaskRequest r, StreamObserver<CompleteActivityTaskResponse> out) {
        unary(out, () -> {
            engine.completeActivityTask(r.getTaskToken().toByteArray(),
                    CommonMapper.fromProto(r.hasResult(), r.getResult()), string(r.hasIdentity(), r.getIdentity()));
            return CompleteActivityTaskResponse.getDefaultInstance();
        });
    }

    @Override
    public void failActivityTask(FailActivityTaskRequest r, StreamObserver<FailActivityTaskResponse> out) {
        unary(out, () -> {
            engine.failActivityTask(r.getTaskToken().toByteArray(),
                    CommonMapper.fromProto(r.hasFailure(), r.getFailure()), string(r.hasIdentity(), r.getIdentity()));
            return FailActivityTaskResponse.getDefaultInstance();
        });
    }

    @Override
    public void recordActivityHeartbeat(RecordActivityHeartbeatRequest r,
            StreamObserver<RecordActivityHeartbeatResponse> out) {
        unary(out, () -> {
            ActivityHeartbeatResponse response = engine.recordActivityHeartbeat(r.getTaskToken().toByteArray(),
                    payloadsFromProto(r.getDetailsList()), string(r.hasIdentity(), r.getIdentity()));
            return RecordActivityHeartbeatResponse.newBuilder().setCancelRequested(response.cancelRequested()).build();
        });
    }

    @Override
    public void recordActivityHeartbeatById(RecordActivityHeartbeatByIdRequest r,
            StreamObserver<RecordActivityHeartbeatByIdResponse> out) {
        unary(out, () -> {
            ActivityHeartbeatResponse response = engine.recordActivityHeartbeatById(
                    string(r.hasNamespace(), r.getNamespace()), string(r.hasWorkflowId(), r.getWorkflowId()),
                    string(r.hasRunId(), r.getRunId()), string(r.hasActivityId(), r.getActivityId()),
                    payloadsFromProto(r.getDetailsList()), string(r.hasIdentity(), r.getIdentity()));
            return RecordActivityHeartbeatByIdResponse.newBuilder().setCancelRequested(response.cancelRequested())
                    .build();
        });
    }

    @Override
    public void completeActivityTaskById(CompleteActivityTaskByIdRequest r,
            StreamObserver<CompleteActivityTaskByIdResponse> out) {
        unary(out, () -> {
            engine.completeActivityTaskById(string(r.hasNamespace(), r.getNamespace()),
                    string(r.hasWorkflowId(), r.getWorkflowId()), string(r.hasRunId(), r.getRunId()),
                    string(r.hasActivityId(), r.getActivityId()), CommonMapper.fromProto(r.hasResult(), r.getResult()),
                    string(r.hasIdentity(), r.getIdentity()));
            return CompleteActivityTaskByIdResponse.getDefaultInstance();
        });
    }

    @Override
    public void failActivityTaskById(FailActivityTaskByIdRequest r, StreamObserver<FailActivityTaskByIdResponse> out) {
        unary(out, () -> {
            engine.failActivityTaskById(string(r.hasNamespace(), r.getNamespace()),
                    string(r.hasWorkflowId(), r.getWorkflowId()), string(r.hasRunId(), r.getRunId()),
                    string(r.hasActivityId(), r.getActivityId()),
                    CommonMapper.fromProto(r.hasFailure(), r.getFailure()), string(r.hasIdentity(), r.getIdentity()));
            return FailActivityTaskByIdResponse.getDefaultInstance();
        });
    }

    @Override
    public void reportActivityTaskCanceled(ReportActivityTaskCanceledRequest r,
            StreamObserver<ReportActivityTaskCanceledResponse> out) {
        unary(out, () -> {
            engine.reportActivityTaskCanceled(r.getTaskToken().toByteArray(), payloadsFromProto(r.getDetailsList()),
                    string(r.hasIdentity(), r.getIdentity()));
            return ReportActivityTaskCanceledResponse.getDefaultInstance();
        });
    }

    @Override
    public void reportActivityTaskCanceledById(ReportActivityTaskCanceledByIdRequest r,
            StreamObserver<ReportActivityTaskCanceledByIdResponse> out) {
        unary(out, () -> {
            engine.reportActivityTaskCanceledById(string(r.hasNamespace(), r.getNamespace()),
                    string(r.hasWorkflowId(), r.getWorkflowId()), string(r.hasRunId(), r.getRunId()),
                    string(r.hasActivityId(), r.getActivityId()), payloadsFromProto(r.getDetailsList()),
                    string(r.hasIdentity(), r.getIdentity()));
            return ReportActivityTaskCanceledByIdResponse.getDefaultInstance();
        });
    }

    // ------------------------------------------------------------ messages and lifecycle

    @Override
    public void signalWorkflow(SignalWorkflowRequest r, StreamObserver<SignalWorkflowResponse> out) {
        unary(out, () -> {
            engine.signalWorkflow(ApiMapper.fromProto(r));
            return SignalWorkflowResponse.getDefaultInstance();
        });
    }

    @Override
    public void signalWithStartWorkflow(SignalWithStartWorkflowRequest r,
            StreamObserver<SignalWithStartWorkflowResponse> out) {
        unary(out, () -> SignalWithStartWorkflowResponse.newBuilder()
                .setExecution(ApiMapper.toProto(engine.signalWithStartWorkflow(ApiMapper.fromProto(r)))).build());
    }

    @Override
    public void requestCancelWorkflow(RequestCancelWorkflowRequest r,
            StreamObserver<RequestCancelWorkflowResponse> out) {
        unary(out, () -> {
            engine.requestCancelWorkflow(ApiMapper.fromProto(r));
            return RequestCancelWorkflowResponse.getDefaultInstance();
        });
    }

    @Override
    public void terminateWorkflow(TerminateWorkflowRequest r, StreamObserver<TerminateWorkflowResponse> out) {
        unary(out, () -> {
            engine.terminateWorkflow(ApiMapper.fromProto(r));
            return TerminateWorkflowResponse.getDefaultInstance();
        });
    }

    @Override
    public void queryWorkflow(QueryWorkflowRequest r, StreamObserver<QueryWorkflowResponse> out) {
        handle(out, () -> {
            MessageResult result = longPoll(out, () -> engine.queryWorkflow(ApiMapper.fromProto(r)), ignored -> { });
            if (result != null) {
                answer(out, () -> QueryWorkflowResponse.newBuilder().setResult(ApiMapper.toProto(result)).build());
            }
        });
    }

    @Override
    public void respondQueryTask(RespondQueryTaskRequest r, StreamObserver<RespondQueryTaskResponse> out) {
        unary(out, () -> {
            engine.respondQueryTask(r.getTaskToken().toByteArray(), CommonMapper.fromProto(r.hasResult(), r.getResult()),
                    CommonMapper.fromProto(r.hasFailure(), r.getFailure()), string(r.hasIdentity(), r.getIdentity()));
            return RespondQueryTaskResponse.getDefaultInstance();
        });
    }

    @Override
    public void updateWorkflow(UpdateWorkflowRequest r, StreamObserver<UpdateWorkflowResponse> out) {
        handle(out, () -> {
            MessageResult result = longPoll(out, () -> engine.updateWorkflow(ApiMapper.fromProto(r)), ignored -> { });
            if (result != null) {
                answer(out, () -> UpdateWorkflowResponse.newBuilder().setResult(ApiMapper.toProto(result)).build());
            }
        });
    }

    // ------------------------------------------------------------ the server and namespaces

    @Override
    public void getServerInfo(GetServerInfoRequest r, StreamObserver<GetServerInfoResponse> out) {
        unary(out, () -> ApiMapper.toProto(engine.getServerInfo()));
    }

    @Override
    public void registerNamespace(RegisterNamespaceRequest r, StreamObserver<RegisterNamespaceResponse> out) {
        unary(out, () -> RegisterNamespaceResponse.newBuilder()
                .setNamespace(ApiMapper.toProto(engine.registerNamespace(ApiMapper.fromProto(r.getConfig())))).build());
    }

    @Override
    public void describeNamespace(DescribeNamespaceRequest r, StreamObserver<DescribeNamespaceResponse> out) {
        unary(out, () -> DescribeNamespaceResponse.newBuilder()
                .setNamespace(ApiMapper.toProto(engine.describeNamespace(string(r.hasName(), r.getName())))).build());
    }

    @Override
    public void listNamespaces(ListNamespacesRequest r, StreamObserver<ListNamespacesResponse> out) {
        unary(out, () -> {
            ListNamespacesResponse.Builder b = ListNamespacesResponse.newBuilder();
            engine.listNamespaces().forEach(namespace -> b.addNamespaces(ApiMapper.toProto(namespace)));
            return b.build();
        });
    }

    @Override
    public void updateNamespace(UpdateNamespaceRequest r, StreamObserver<UpdateNamespaceResponse> out) {
        unary(out, () -> UpdateNamespaceResponse.newBuilder()
                .setNamespace(ApiMapper.toProto(engine.updateNamespace(ApiMapper.fromProto(r.getConfig())))).build());
    }

    // ------------------------------------------------------------ between cluster nodes

    @Override
    public void handBackTask(HandBackTaskRequest r, StreamObserver<HandBackTaskResponse> out) {
        unary(out, () -> {
            handBack(r.getTaskToken().toByteArray(), r.getWorkflowTask());
            return HandBackTaskResponse.getDefaultInstance();
        });
    }

    // ------------------------------------------------------------ plumbing

    /** Ends every long poll in progress: each answers what it has (a poll: no task) as if its wait had ended. */
    void stopWaiting() {
        longPolls.forEach(LongPoll::stop);
    }

    private <R> void unary(StreamObserver<R> out, Supplier<R> call) {
        handle(out, () -> answer(out, call));
    }

    /**
     * Runs {@code handler} on a thread of its own with the call's context; what it throws is answered with its status
     * (as gRPC does for a handler that throws on its own thread). When no thread can be had (the server is stopping),
     * answers {@code UNAVAILABLE}.
     */
    private void handle(StreamObserver<?> out, Runnable handler) {
        Runnable guarded = () -> {
            try {
                handler.run();
            } catch (RuntimeException | Error e) {
                try {
                    fail(out, e);
                } catch (RuntimeException alreadyAnswered) {
                    log.warn("An engine call failed after its answer was sent", e);
                }
            }
        };
        try {
            calls.execute(Context.current().wrap(guarded));
        } catch (RejectedExecutionException e) {
            out.onError(Status.UNAVAILABLE.withDescription("The Reprise engine's server is stopping; call again once"
                    + " it is back").asRuntimeException());
        }
    }

    /** Answers with what {@code response} makes, or with the status of what it threw. */
    private static <R> void answer(StreamObserver<R> out, Supplier<R> response) {
        R message;
        try {
            message = response.get();
        } catch (RuntimeException | Error e) {
            fail(out, e);
            return;
        }
        out.onNext(message);
        out.onCompleted();
    }

    /**
     * An engine call that may wait, interrupted if the RPC is cancelled (see {@link LongPoll}). Returns its result,
     * or {@code null} when it failed (the status is answered) or when the RPC was cancelled meanwhile: the result
     * then goes to {@code undelivered} (after the interrupt is cleared, so it may use the store) and nothing is
     * answered.
     */
    private <T> T longPoll(StreamObserver<?> out, Supplier<T> call, Consumer<T> undelivered) {
        T result;
        boolean cancelled;
        try (LongPoll poll = LongPoll.start(longPolls)) {
            result = call.get();
            cancelled = poll.isCancelled();
        } catch (RuntimeException | Error e) {
            fail(out, e);
            return null;
        }
        if (cancelled) {
            undelivered.accept(result);
            return null;
        }
        return result;
    }

    private static void fail(StreamObserver<?> out, Throwable e) {
        io.grpc.StatusRuntimeException status = StatusMapping.toStatusException(e);
        if (status.getStatus().getCode() == io.grpc.Status.Code.INTERNAL) {
            log.error("An engine call failed unexpectedly; answered INTERNAL", e);
        }
        out.onError(status);
    }

    private void handBack(byte[] taskToken, boolean workflowTask) {
        if (handBack == null) {
            log.debug("A task was polled for a call that was cancelled; the engine cannot take it back, so it waits"
                    + " for its timeout");
            return;
        }
        try {
            if (workflowTask) {
                handBack.handBackWorkflowTask(taskToken);
            } else {
                handBack.handBackActivityTask(taskToken);
            }
        } catch (RuntimeException e) {
            log.warn("Could not hand back a task whose poll was cancelled; it waits for its timeout", e);
        }
    }
}
