package io.reprise.transport.grpc.cluster;

import io.grpc.Context;
import io.grpc.Deadline;
import io.reprise.common.Payload;
import io.reprise.engine.TaskTokens;
import io.reprise.engine.api.ActivityHeartbeatResponse;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.ExecutionDescription;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.GetHistoryRequest;
import io.reprise.engine.api.HealthProbe;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryPage;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.NamespaceDescription;
import io.reprise.engine.api.NotOwnerException;
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
import io.reprise.engine.cluster.NodeAddress;
import io.reprise.engine.cluster.ShardDirectory;
import io.reprise.transport.grpc.GrpcEngineService;
import io.reprise.transport.grpc.cluster.ForwardedPolls.QueueKey;
import io.reprise.transport.grpc.cluster.ForwardedPolls.QueueState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EngineService} of a cluster node as clients and workers see it: any call, about any run, answered as if
 * there were one engine. It stands in front of the node's own engine, and is what the node's public gRPC endpoint
 * serves ({@code GrpcEngineServer.newBuilder(router)}).
 *
 * <ul>
 *   <li>A call about one run (start, signal-with-start, signal, query, update, cancel, terminate, describe,
 *       history, outcome, the by-id activity calls, and the task-token calls, by the run the token names) goes to
 *       the owner of the run's shard ({@link ShardDirectory}): this node's engine directly, or another node's
 *       <em>internal</em> gRPC service, which serves that node's own engine and never forwards again.</li>
 *   <li>A wrong guess, a {@link NotOwnerException} from the engine called (this node's or another's), makes the
 *       router {@linkplain ShardDirectory#refresh() refresh the directory} and call once more, at the owner the
 *       refusing node named or else the directory's. While the shard moves between nodes (no owner, a second
 *       refusal, or an owner that cannot be connected to) the call waits for the new owner, reading the owners
 *       again after a backoff, for at most {@link Builder#moveWait} (and a second less than a gRPC caller's
 *       deadline); then it is refused with {@code UNAVAILABLE} ({@link NotOwnerException} without an owner, or the
 *       unreachable node's error) asking to retry.</li>
 *   <li>Listing, counting, namespaces and server info are answered by this node's engine: the store is shared.</li>
 *   <li>Polls take this node's tasks first and, while they wait, the tasks of the other live nodes' engines
 *       ({@link ForwardedPolls}). An Activity Task Queue's rate limit is split: each node's engine gets
 *       {@code maxTasksPerSecond / live nodes}, so the cluster dispatches at most the limit.</li>
 * </ul>
 *
 * <pre>{@code
 * ClusterRouter router = ClusterRouter.newBuilder(engine, directory).build();
 * GrpcEngineServer internal = GrpcEngineServer.newBuilder(engine).port(7445).build().start(); // the peers call this
 * GrpcEngineServer publicApi = GrpcEngineServer.newBuilder(router).port(7444).build().start(); // clients call this
 * }</pre>
 *
 * <p>{@link #close()} stops the forwarded polls and closes the clients of the other nodes; the engine is the
 * caller's to close.
 */
public final class ClusterRouter implements EngineService, TaskHandBack, HealthProbe {

    private static final Logger log = LoggerFactory.getLogger(ClusterRouter.class);
    private static final Duration OUTCOME_RETRY_INITIAL = Duration.ofMillis(100);
    private static final Duration OUTCOME_RETRY_MAXIMUM = Duration.ofSeconds(1);
    /** The longest piece of a result wait sent to one node before the owner is looked up again. */
    static final Duration OUTCOME_WAIT_CHUNK = Duration.ofSeconds(5);
    /**
     * The longest a call about a run waits, by default, for its shard to get an owner: a shard moves within a renewal
     * round when a node stops or joins, and within its lease and a round when a node dies (6 s and 2 s by default).
     */
    public static final Duration DEFAULT_MOVE_WAIT = Duration.ofSeconds(10);
    private static final Duration MOVE_RETRY_INITIAL = Duration.ofMillis(50);
    private static final Duration MOVE_RETRY_MAXIMUM = Duration.ofMillis(500);
    /** Left before the deadline of a gRPC call served for the refusal to reach its caller. */
    private static final Duration DEADLINE_MARGIN = Duration.ofSeconds(1);

    private final EngineService local;
    private final ShardDirectory directory;
    private final ShardRoutes routes;
    private final PeerEngines peers;
    private final ForwardedPolls<WorkflowTask> workflowPolls;
    private final ForwardedPolls<ActivityTask> activityPolls;
    private final Duration moveWait;
    private final ReentrantLock refreshLock = new ReentrantLock();
    /** When the owners were last read by this router, as {@link System#nanoTime()}. */
    private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime());

    private ClusterRouter(Builder b) {
        this.local = b.local;
        this.moveWait = b.moveWait;
        this.directory = b.directory;
        this.routes = new ShardRoutes(directory);
        this.peers = new PeerEngines(b.peerConnector);
        this.workflowPolls = new ForwardedPolls<>(new WorkflowTaskKind(), directory, peers);
        this.activityPolls = new ForwardedPolls<>(new ActivityTaskKind(), directory, peers);
    }

    /** A builder of the router of the node whose engine is {@code local}, with {@code directory}'s owners. */
    public static Builder newBuilder(EngineService local, ShardDirectory directory) {
        return new Builder(local, directory);
    }

    // ------------------------------------------------------------ routing

    /**
     * Calls {@code call} at the owner of the runs of {@code workflowId}: once more at once after a wrong guess, and
     * while the shard has no owner, its owner refuses again or cannot be connected to, again after a backoff until
     * the call goes through or {@link #moveWaitEnd the wait for a move} ends.
     */
    private <R> R routed(String namespace, String workflowId, Function<EngineService, R> call) {
        return routed(namespace, workflowId, Long.MAX_VALUE, call);
    }

    /**
     * Like {@link #routed(String, String, Function)}, waiting for a moving shard no later than {@code notAfter} (a
     * {@link System#nanoTime()}, or {@link Long#MAX_VALUE} for no bound but the router's own). A refusal as not owner
     * changed nothing and a call to a peer that could not be connected to was never sent, so asking again is safe; a
     * peer that failed the call after it was sent is not asked again (whether the call took effect there is unknown).
     */
    private <R> R routed(String namespace, String workflowId, long notAfter, Function<EngineService, R> call) {
        if (namespace == null || workflowId == null || workflowId.isBlank()) {
            return call.apply(local); // refused by the engine, naming what is missing
        }
        int shard = directory.shardOf(namespace, workflowId);
        ShardRoute route = routes.ofShard(shard);
        if (route instanceof ShardRoute.Unowned) {
            refresh();
            route = routes.ofShard(shard);
        }
        EngineException lastFailure = null; // a refusal as not owner, or a node that could not be connected to
        boolean guessedWrong = false;
        long waitEnd = 0;
        long backoff = MOVE_RETRY_INITIAL.toNanos();
        while (true) {
            if (!(route instanceof ShardRoute.Unowned)) {
                try {
                    return call.apply(engineOf(route, workflowId, namespace));
                } catch (NotOwnerException wrongGuess) {
                    lastFailure = wrongGuess;
                    refresh();
                    route = routes.afterWrongGuess(wrongGuess);
                    if (!guessedWrong) {
                        guessedWrong = true;
                        continue; // the owner it names, or the directory's, at once
                    }
                } catch (EngineException e) {
                    if (!(route instanceof ShardRoute.Remote) || !GrpcEngineService.neverConnected(e)) {
                        throw e;
                    }
                    // The owner as known here could not be connected to (stopped or dead; the call never left this
                    // node): its shards move once its lease is released or ends.
                    lastFailure = e;
                    refresh();
                    route = routes.ofShard(shard);
                }
            }
            if (waitEnd == 0) {
                waitEnd = Math.min(moveWaitEnd(), notAfter);
            }
            long waitedSince = System.nanoTime();
            long left = waitEnd - waitedSince;
            if (left <= 0 || !sleep(Math.min(backoff, left))) {
                throw route instanceof ShardRoute.Unowned || lastFailure == null
                        ? moving(shard, workflowId, namespace) : lastFailure;
            }
            backoff = Math.min(backoff * 2, MOVE_RETRY_MAXIMUM.toNanos());
            refreshUnlessRefreshedSince(waitedSince);
            route = lastFailure instanceof NotOwnerException refusal ? routes.afterWrongGuess(refusal)
                    : routes.ofShard(shard);
        }
    }

    /**
     * When a call stops waiting for a moving shard: after {@link Builder#moveWait}, and a second before the deadline
     * of the gRPC call being served, if any, so that its caller hears {@code UNAVAILABLE} ("retry") rather than
     * {@code DEADLINE_EXCEEDED} ("unknown whether it took effect").
     */
    private long moveWaitEnd() {
        long now = System.nanoTime();
        long end = now + nanos(moveWait);
        Deadline deadline = Context.current().getDeadline();
        if (deadline != null) {
            end = Math.min(end, now + deadline.timeRemaining(TimeUnit.NANOSECONDS) - DEADLINE_MARGIN.toNanos());
        }
        return end;
    }

    /** Reads the owners again, and forgets the clients of nodes no longer live. */
    private void refresh() {
        directory.refresh();
        peers.retain(directory.liveNodes());
        lastRefresh.set(System.nanoTime());
    }

    /**
     * Reads the owners again for a caller that waited since {@code waitedSince}, unless another caller did meanwhile:
     * many calls waiting for the same move make one read of the lease table a round, not one each.
     */
    private void refreshUnlessRefreshedSince(long waitedSince) {
        refreshLock.lock();
        try {
            if (lastRefresh.get() - waitedSince < 0) {
                refresh();
            }
        } finally {
            refreshLock.unlock();
        }
    }

    /** Sleeps {@code nanos}; false, with the interrupt flag kept, when interrupted. */
    private static boolean sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void routedVoid(String namespace, String workflowId, Consumer<EngineService> call) {
        routed(namespace, workflowId, engine -> {
            call.accept(engine);
            return null;
        });
    }

    /** Like {@link #routed}, for a call with a task token: routed by the run the token names. */
    private <R> R byToken(byte[] taskToken, Function<EngineService, R> call) {
        return routed(TaskTokens.namespace(taskToken).orElse(null), TaskTokens.workflowId(taskToken).orElse(null),
                call);
    }

    private void byTokenVoid(byte[] taskToken, Consumer<EngineService> call) {
        byToken(taskToken, engine -> {
            call.accept(engine);
            return null;
        });
    }

    private EngineService engineOf(ShardRoute route, String workflowId, String namespace) {
        return switch (route) {
            case ShardRoute.Local l -> local;
            case ShardRoute.Remote remote -> peers.of(remote.owner());
            case ShardRoute.Unowned unowned -> throw moving(unowned.shard(), workflowId, namespace);
        };
    }

    private NotOwnerException moving(int shard, String workflowId, String namespace) {
        return new NotOwnerException(shard, null, "The runs of workflow \"" + workflowId + "\" in namespace \""
                + namespace + "\" are in shard " + shard + ", which no node owns at the moment: it is moving to"
                + " another node (a node joined, left or stopped) and no node took it while the call waited;"
                + " nothing was changed, retry the call in a few seconds");
    }

    // ------------------------------------------------------------ executions

    @Override
    public WorkflowExecution startWorkflow(StartWorkflowRequest request) {
        return routed(request.namespace(), request.workflowId(), engine -> engine.startWorkflow(request));
    }

    @Override
    public ExecutionDescription describeWorkflow(String namespace, String workflowId, String runId) {
        return routed(namespace, workflowId, engine -> engine.describeWorkflow(namespace, workflowId, runId));
    }

    @Override
    public List<HistoryEvent> getHistory(String namespace, String workflowId, String runId) {
        return routed(namespace, workflowId, engine -> engine.getHistory(namespace, workflowId, runId));
    }

    @Override
    public HistoryPage getHistory(GetHistoryRequest request) {
        return routed(request.namespace(), request.workflowId(), engine -> engine.getHistory(request));
    }

    @Override
    public ListExecutionsResponse listExecutions(ListExecutionsRequest request) {
        return local.listExecutions(request);
    }

    @Override
    public long countExecutions(String namespace, String query) {
        return local.countExecutions(namespace, query);
    }

    /**
     * Waits at the run's owner. While the run's shard moves (no owner, refusals as not owner, an owner that cannot be
     * connected to, for longer than {@link Builder#moveWait}), asks again after a backoff (100 ms doubling to 1 s)
     * until the wait ends, as a remote client rides out an engine that is restarting.
     */
    @Override
    public Optional<WorkflowOutcome> awaitOutcome(String namespace, String workflowId, String runId, Duration wait) {
        long deadline = System.nanoTime() + Math.min(nanos(wait), Long.MAX_VALUE / 4);
        long backoff = OUTCOME_RETRY_INITIAL.toNanos();
        while (true) {
            long untilDeadline = Math.max(0, deadline - System.nanoTime());
            // In chunks, each routed afresh: a wait forwarded to a node that then died would otherwise be retried
            // against that node until it ends, while the run's new owner already has the outcome.
            Duration chunk = Duration.ofNanos(Math.min(untilDeadline, OUTCOME_WAIT_CHUNK.toNanos()));
            try {
                Optional<WorkflowOutcome> outcome = routed(namespace, workflowId, deadline,
                        engine -> engine.awaitOutcome(namespace, workflowId, runId, chunk));
                if (outcome.isPresent() || deadline - System.nanoTime() <= 0) {
                    return outcome;
                }
            } catch (EngineException moving) {
                if (!(moving instanceof NotOwnerException) && !GrpcEngineService.neverConnected(moving)) {
                    throw moving;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    Thread.sleep(Duration.ofNanos(Math.min(backoff, left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
                backoff = Math.min(backoff * 2, OUTCOME_RETRY_MAXIMUM.toNanos());
            }
        }
    }

    private static long nanos(Duration wait) {
        if (wait == null || wait.isNegative()) {
            return 0;
        }
        try {
            return wait.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    // ------------------------------------------------------------ workflow tasks

    @Override
    public Optional<WorkflowTask> pollWorkflowTask(String namespace, String taskQueue, String identity,
            Duration wait) {
        return workflowPolls.poll(new QueueKey(namespace, taskQueue), new QueueState(identity, null), wait,
                w -> local.pollWorkflowTask(namespace, taskQueue, identity, w), this::handBackLocalWorkflowTask);
    }

    @Override
    public Optional<WorkflowTask> completeWorkflowTask(byte[] taskToken, List<Command> commands, String identity,
            String stickyTaskQueue, boolean forceNewWorkflowTask, List<String> signalNames) {
        return byToken(taskToken, engine -> engine.completeWorkflowTask(taskToken, commands, identity,
                stickyTaskQueue, forceNewWorkflowTask, signalNames));
    }

    @Override
    public void failWorkflowTask(byte[] taskToken, WorkflowTaskFailedCause cause, Failure failure, String identity) {
        byTokenVoid(taskToken, engine -> engine.failWorkflowTask(taskToken, cause, failure, identity));
    }

    // ------------------------------------------------------------ activity tasks

    @Override
    public Optional<ActivityTask> pollActivityTask(PollActivityTaskRequest request) {
        PollActivityTaskRequest share = shareOfRate(request);
        return activityPolls.poll(new QueueKey(request.namespace(), request.taskQueue()),
                new QueueState(request.identity(), share.maxTasksPerSecond()), request.pollWait(),
                w -> local.pollActivityTask(new PollActivityTaskRequest(share.namespace(), share.taskQueue(),
                        share.identity(), w, share.maxTasksPerSecond())),
                this::handBackLocalActivityTask);
    }

    /** The request with this node's share of the queue's rate: the limit over the live nodes. */
    PollActivityTaskRequest shareOfRate(PollActivityTaskRequest request) {
        Double rate = request.maxTasksPerSecond();
        int nodes = Math.max(1, directory.liveNodes().size());
        if (rate == null || rate.isNaN() || rate <= 0 || nodes == 1) {
            return request; // no limit, or one the engine refuses as it is
        }
        return new PollActivityTaskRequest(request.namespace(), request.taskQueue(), request.identity(),
                request.pollWait(), rate / nodes);
    }

    @Override
    public void completeActivityTask(byte[] taskToken, Payload result, String identity) {
        byTokenVoid(taskToken, engine -> engine.completeActivityTask(taskToken, result, identity));
    }

    @Override
    public void failActivityTask(byte[] taskToken, Failure failure, String identity) {
        byTokenVoid(taskToken, engine -> engine.failActivityTask(taskToken, failure, identity));
    }

    @Override
    public ActivityHeartbeatResponse recordActivityHeartbeat(byte[] taskToken, List<Payload> details,
            String identity) {
        return byToken(taskToken, engine -> engine.recordActivityHeartbeat(taskToken, details, identity));
    }

    @Override
    public ActivityHeartbeatResponse recordActivityHeartbeatById(String namespace, String workflowId, String runId,
            String activityId, List<Payload> details, String identity) {
        return routed(namespace, workflowId, engine -> engine.recordActivityHeartbeatById(namespace, workflowId,
                runId, activityId, details, identity));
    }

    @Override
    public void completeActivityTaskById(String namespace, String workflowId, String runId, String activityId,
            Payload result, String identity) {
        routedVoid(namespace, workflowId, engine -> engine.completeActivityTaskById(namespace, workflowId, runId,
                activityId, result, identity));
    }

    @Override
    public void failActivityTaskById(String namespace, String workflowId, String runId, String activityId,
            Failure failure, String identity) {
        routedVoid(namespace, workflowId, engine -> engine.failActivityTaskById(namespace, workflowId, runId,
                activityId, failure, identity));
    }

    @Override
    public void reportActivityTaskCanceled(byte[] taskToken, List<Payload> details, String identity) {
        byTokenVoid(taskToken, engine -> engine.reportActivityTaskCanceled(taskToken, details, identity));
    }

    @Override
    public void reportActivityTaskCanceledById(String namespace, String workflowId, String runId, String activityId,
            List<Payload> details, String identity) {
        routedVoid(namespace, workflowId, engine -> engine.reportActivityTaskCanceledById(namespace, workflowId,
                runId, activityId, details, identity));
    }

    // ------------------------------------------------------------ messages and lifecycle

    @Override
    public void signalWorkflow(SignalWorkflowRequest request) {
        routedVoid(request.namespace(), request.workflowId(), engine -> engine.signalWorkflow(request));
    }

    @Override
    public WorkflowExecution signalWithStartWorkflow(SignalWithStartWorkflowRequest request) {
        return routed(request.start().namespace(), request.start().workflowId(),
                engine -> engine.signalWithStartWorkflow(request));
    }

    @Override
    public void requestCancelWorkflow(RequestCancelWorkflowRequest request) {
        routedVoid(request.namespace(), request.workflowId(), engine -> engine.requestCancelWorkflow(request));
    }

    @Override
    public void terminateWorkflow(TerminateWorkflowRequest request) {
        routedVoid(request.namespace(), request.workflowId(), engine -> engine.terminateWorkflow(request));
    }

    @Override
    public MessageResult queryWorkflow(QueryWorkflowRequest request) {
        return routed(request.namespace(), request.workflowId(), engine -> engine.queryWorkflow(request));
    }

    @Override
    public void respondQueryTask(byte[] taskToken, Payload result, Failure failure, String identity) {
        byTokenVoid(taskToken, engine -> engine.respondQueryTask(taskToken, result, failure, identity));
    }

    @Override
    public MessageResult updateWorkflow(UpdateWorkflowRequest request) {
        return routed(request.namespace(), request.workflowId(), engine -> engine.updateWorkflow(request));
    }

    // ------------------------------------------------------------ this node

    @Override
    public ServerInfo getServerInfo() {
        return local.getServerInfo();
    }

    @Override
    public NamespaceDescription registerNamespace(NamespaceConfig config) {
        return local.registerNamespace(config);
    }

    @Override
    public NamespaceDescription describeNamespace(String name) {
        return local.describeNamespace(name);
    }

    @Override
    public List<NamespaceDescription> listNamespaces() {
        return local.listNamespaces();
    }

    @Override
    public NamespaceDescription updateNamespace(NamespaceConfig config) {
        return local.updateNamespace(config);
    }

    /** This node's engine's store check, when it has one. */
    @Override
    public void pingStore() {
        if (local instanceof HealthProbe probe) {
            probe.pingStore();
        }
    }

    /** This node's engine's backlog of the queue (the other nodes' are not counted), or {@code null}. */
    @Override
    public TaskQueueBacklog taskQueueBacklog(String namespace, String taskQueue) {
        return local instanceof HealthProbe probe ? probe.taskQueueBacklog(namespace, taskQueue) : null;
    }

    // ------------------------------------------------------------ tasks a transport could not deliver

    /** Hands the task back to the engine of the node that owns its run. */
    @Override
    public void handBackWorkflowTask(byte[] taskToken) {
        handBack(taskToken, true);
    }

    @Override
    public void handBackActivityTask(byte[] taskToken) {
        handBack(taskToken, false);
    }

    private void handBack(byte[] taskToken, boolean workflowTask) {
        try {
            byTokenVoid(taskToken, engine -> {
                if (engine instanceof TaskHandBack owner) {
                    if (workflowTask) {
                        owner.handBackWorkflowTask(taskToken);
                    } else {
                        owner.handBackActivityTask(taskToken);
                    }
                }
            });
        } catch (RuntimeException e) {
            // As TaskHandBack promises: never fails; the task then waits for its timeout.
            log.warn("Could not hand back a task to the node"
                    + " that owns its run; it waits for its timeout", e);
        }
    }

    private void handBackLocalWorkflowTask(byte[] taskToken) {
        if (local instanceof TaskHandBack engine) {
            engine.handBackWorkflowTask(taskToken);
        }
    }

    private void handBackLocalActivityTask(byte[] taskToken) {
        if (local instanceof TaskHandBack engine) {
            engine.handBackActivityTask(taskToken);
        }
    }

    /** Stops the forwarded polls and closes the clients of the other nodes; the local engine stays open. */
    @Override
    public void close() {
        workflowPolls.close();
        activityPolls.close();
        peers.close();
    }

    /** How many forwarded polls run for a queue (for tests). */
    int forwardedPolls(String namespace, String taskQueue, boolean workflowTasks) {
        QueueKey key = new QueueKey(namespace, taskQueue);
        return workflowTasks ? workflowPolls.forwardedPolls(key) : activityPolls.forwardedPolls(key);
    }

    @Override
    public String toString() {
        return "ClusterRouter[" + directory.localNodeId() + "]";
    }

    // ------------------------------------------------------------ task kinds

    private static final class WorkflowTaskKind implements ForwardedPolls.Kind<WorkflowTask> {

        @Override
        public Optional<WorkflowTask> poll(EngineService engine, QueueKey queue, QueueState state, Duration wait) {
            return engine.pollWorkflowTask(queue.namespace(), queue.taskQueue(), state.identity(), wait);
        }

        @Override
        public byte[] taskToken(WorkflowTask task) {
            return task.taskToken();
        }

        @Override
        public void handBack(TaskHandBack engine, byte[] taskToken) {
            engine.handBackWorkflowTask(taskToken);
        }
    }

    private static final class ActivityTaskKind implements ForwardedPolls.Kind<ActivityTask> {

        @Override
        public Optional<ActivityTask> poll(EngineService engine, QueueKey queue, QueueState state, Duration wait) {
            return engine.pollActivityTask(new PollActivityTaskRequest(queue.namespace(), queue.taskQueue(),
                    state.identity(), wait, state.maxTasksPerSecond()));
        }

        @Override
        public byte[] taskToken(ActivityTask task) {
            return task.taskToken();
        }

        @Override
        public void handBack(TaskHandBack engine, byte[] taskToken) {
            engine.handBackActivityTask(taskToken);
        }
    }

    /** Builds a {@link ClusterRouter}. */
    public static final class Builder {

        private final EngineService local;
        private final ShardDirectory directory;
        private Function<NodeAddress, ? extends EngineService> peerConnector =
                node -> GrpcEngineService.newBuilder().target(node.target()).retryWhileUnreachable(false).build();
        private Duration moveWait = DEFAULT_MOVE_WAIT;

        private Builder(EngineService local, ShardDirectory directory) {
            this.local = Objects.requireNonNull(local, "local engine");
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /**
         * How this node reaches another node's internal gRPC service; default a plaintext
         * {@code GrpcEngineService} on the node's {@link NodeAddress#target()}. Give one with TLS or credentials
         * (a {@code GrpcEngineService.Builder} with them) when the internal service requires them. The client is
         * made on the first call to the node and closed when it leaves.
         */
        public Builder peerConnector(Function<NodeAddress, ? extends EngineService> connector) {
            this.peerConnector = Objects.requireNonNull(connector, "peerConnector");
            return this;
        }

        /**
         * The longest a call about a run waits for its shard to get an owner while the shard moves between nodes,
         * asking the lease table again after a backoff (50 ms doubling to 500 ms), before it is refused as
         * {@code UNAVAILABLE}; default 10 s ({@link #DEFAULT_MOVE_WAIT}). A call served over gRPC stops waiting a
         * second before its deadline. {@link Duration#ZERO}: refused at once. Set it to at least the lease plus a
         * renewal interval to ride out a node's death ({@code ClusterEngineNode} does).
         *
         * @throws IllegalArgumentException when null or negative
         */
        public Builder moveWait(Duration moveWait) {
            if (moveWait == null || moveWait.isNegative()) {
                throw new IllegalArgumentException("moveWait must be zero or positive, got " + moveWait
                        + "; zero refuses a call about a run of a moving shard at once");
            }
            this.moveWait = moveWait;
            return this;
        }

        public ClusterRouter build() {
            return new ClusterRouter(this);
        }
    }
}
