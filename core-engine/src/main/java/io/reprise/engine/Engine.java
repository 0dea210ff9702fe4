package io.reprise.engine;

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
import io.reprise.engine.api.HistoryEvent;
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
import io.reprise.engine.api.TimeSkippingProbe;
import io.reprise.engine.api.UpdateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.cluster.ShardDirectory;
import io.reprise.engine.history.HistorySettings;
import io.reprise.engine.matching.MatchingService;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.timer.EngineClock;
import io.reprise.engine.timer.TimerService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process engine: event-sourced runs ({@code history}), task queues with long polls
 * ({@code matching}) and durable timers ({@code timer}) on an {@link ExecutionStore}.
 *
 * <p>Every change of a run is one transition: validated, appended as events, committed to the
 * store in one transaction, and only then acted on (tasks dispatched, timers armed, waiters
 * woken). A call returns after its commit, so no acknowledged change is lost.
 *
 * <p>Building an engine recovers the store's open runs: their scheduled tasks are dispatched
 * again (on the normal queues: sticky queues died with the previous process), their timers are
 * armed, and with {@link EngineOptions#isExpireInFlightTasksOnStart()} the tasks started by the
 * previous process's workers time out at once.
 *
 * <p>This class wires the engine and runs its lifecycle; each call goes to the handler of its
 * area (workflow tasks, activity tasks, messages, executions, namespaces), once the engine is
 * checked to be open.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().store(store).build();
 * }</pre>
 *
 * <p><b>Cluster mode</b> ({@link Builder#cluster}): the engine is one node of several on one PostgreSQL schema. It
 * serves the runs of the shards it holds the lease of, and refuses a call about any other run with
 * {@link NotOwnerException} (naming the shard and its owner) before it touches the store; every transition is
 * fenced with the lease of its run's shard; it recovers a shard's open runs when it acquires the shard and drops
 * them from memory when it loses it. {@link #close()} releases its shards at once.
 *
 * <pre>{@code
 * Engine node = Engine.builder()
 *         .cluster(ClusterSettings.builder().nodeId("node-a").build(), dataSource,
 *                 PostgresOptions.builder().schema("orders").build())
 *         .build();
 * }</pre>
 */
public final class Engine implements EngineService, HealthProbe, TimeSkippingProbe, TaskHandBack {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    /** What {@link #getServerInfo()} says this engine offers beyond the first release's calls. */
    static final Set<String> CAPABILITIES = Set.of(ServerInfo.REQUEST_ID, ServerInfo.HEADER,
            ServerInfo.PAGED_HISTORY);

    private final ExecutionStore store;
    private final EngineClock clock;
    private final EngineOptions options;
    private final MatchingService matching = new MatchingService();
    private final TimerService<ExecutionKey> timers;
    private final ExecutionRegistry registry;
    private final Transitions transitions;
    private final NamespaceRegistry namespaces;
    private final RetentionSweeper retention;
    private final OutboundDriver outbound;
    private final DeliveryTargets localTargets;
    private final WorkflowTaskHandler workflowTasks;
    private final ActivityTaskHandler activityTasks;
    private final WorkflowMessageHandler messages;
    private final ExecutionLifecycleHandler lifecycle;
    private final ExecutionReadHandler reads;
    private final NamespaceHandler namespaceHandler;
    private final HealthChecks health;
    private final TimeSkippingChecks timeSkipping;
    /** The namespaces the builder declared: registered, or updated, at start. */
    private final List<NamespaceConfig> declaredNamespaces;
    /** In cluster mode, this node's shards; {@code null} for an engine that runs alone. */
    private final ClusterNode cluster;
    private final ShardOwnership ownership;
    private final Recovery recovery;
    private volatile boolean closed;

    private Engine(Builder builder, ExecutionStore store) {
        this.store = store;
        this.clock = builder.clock;
        this.options = builder.options;
        HistorySettings settings = new HistorySettings(options.getMaxPayloadSize(),
                options.getStickyScheduleToStartTimeout(), options.getIdentity());
        int maxPayloadSize = options.getMaxPayloadSize();
        this.cluster = builder.clusterSettings == null ? null : new ClusterNode(builder.clusterSettings);
        this.ownership = cluster == null ? ShardOwnership.ALONE : cluster;
        this.registry = new ExecutionRegistry(store, options.getClosedExecutionCacheSize());
        this.timers = new TimerService<>(clock, this::onTimerDue, "reprise-engine-timers");
        this.namespaces = new NamespaceRegistry(store, clock);
        this.retention = cluster == null ? new RetentionSweeper(store, namespaces, registry, clock)
                : new RetentionSweeper(store, namespaces, registry, clock, cluster::ownedShards);
        OutboundQueue outboundQueue = new OutboundQueue();
        this.transitions = new Transitions(store, clock, settings, matching, timers, registry, builder.metrics,
                outboundQueue, retention::runClosed, new ActivityStartOnMatch(matching), ownership);
        RunLookup lookup = new RunLookup(registry, namespaces);
        this.messages = new WorkflowMessageHandler(store, transitions, matching, lookup, maxPayloadSize);
        this.lifecycle = new ExecutionLifecycleHandler(new WorkflowStarter(store, registry, transitions, settings),
                transitions, lookup, namespaces, options);
        this.localTargets = new LocalDeliveryTargets(lifecycle, messages, transitions, registry);
        this.outbound = new OutboundDriver(outboundQueue, Objects.requireNonNull(
                builder.deliveryTargets.apply(localTargets), "deliveryTargets returned null"), transitions);
        this.workflowTasks = new WorkflowTaskHandler(store, registry, transitions, matching, lookup, messages,
                settings);
        this.activityTasks = new ActivityTaskHandler(store, registry, transitions, matching, lookup, maxPayloadSize);
        this.reads = new ExecutionReadHandler(store, transitions, lookup);
        this.namespaceHandler = new NamespaceHandler(namespaces, retention);
        this.health = new HealthChecks(store, matching);
        this.timeSkipping = new TimeSkippingChecks(clock, timers, matching, transitions, outboundQueue, retention);
        this.declaredNamespaces = List.copyOf(builder.namespaces);
        // A cluster node's workers are remote and outlive it: their started tasks end by their own timeouts.
        this.recovery = new Recovery(store, registry, transitions,
                cluster == null && options.isExpireInFlightTasksOnStart());
        if (cluster != null) {
            cluster.serve(registry, transitions, recovery, messages, retention, outboundQueue);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The targets of deliveries between runs on this engine's own runs (no routing): what a cluster node's internal
     * service applies for the other nodes, and what {@link Builder#deliveryTargets} wraps.
     */
    public DeliveryTargets localDeliveryTargets() {
        return localTargets;
    }

    public EngineOptions options() {
        return options;
    }

    public EngineClock clock() {
        return clock;
    }

    /**
     * In cluster mode, which node serves each shard (this node's shards exactly, the others' as last read); empty
     * for an engine that runs alone.
     */
    public Optional<ShardDirectory> shardDirectory() {
        return cluster == null ? Optional.empty() : Optional.of(cluster.directory());
    }

    /** For tests of this package: the runs in memory. */
    ExecutionRegistry registry() {
        return registry;
    }

    /** For tests of this package: the transitions of runs. */
    Transitions transitions() {
        return transitions;
    }

    /** For tests of this package: the task queues. */
    MatchingService matching() {
        return matching;
    }

    // ---------------------------------------------------------------- executions

    @Override
    public WorkflowExecution startWorkflow(StartWorkflowRequest request) {
        owned(request == null ? null : request.namespace(), request == null ? null : request.workflowId());
        return open(lifecycle).start(request);
    }

    @Override
    public WorkflowExecution signalWithStartWorkflow(SignalWithStartWorkflowRequest request) {
        StartWorkflowRequest start = request == null ? null : request.start();
        owned(start == null ? null : start.namespace(), start == null ? null : start.workflowId());
        return open(lifecycle).signalWithStart(request);
    }

    @Override
    public void requestCancelWorkflow(RequestCancelWorkflowRequest request) {
        owned(request == null ? null : request.namespace(), request == null ? null : request.workflowId());
        open(lifecycle).requestCancel(request);
    }

    @Override
    public void terminateWorkflow(TerminateWorkflowRequest request) {
        owned(request == null ? null : request.namespace(), request == null ? null : request.workflowId());
        open(lifecycle).terminate(request);
    }

    @Override
    public ExecutionDescription describeWorkflow(String namespace, String workflowId, String runId) {
        owned(namespace, workflowId);
        return open(reads).describe(namespace, workflowId, runId);
    }

    /** The whole history in one read (a worker's full replay), rather than page by page as the default does. */
    @Override
    public List<HistoryEvent> getHistory(String namespace, String workflowId, String runId) {
        owned(namespace, workflowId);
        return open(reads).history(namespace, workflowId, runId);
    }

    @Override
    public HistoryPage getHistory(GetHistoryRequest request) {
        owned(request == null ? null : request.namespace(), request == null ? null : request.workflowId());
        return open(reads).historyPage(request);
    }

    @Override
    public ListExecutionsResponse listExecutions(ListExecutionsRequest request) {
        return open(reads).list(request);
    }

    @Override
    public long countExecutions(String namespace, String query) {
        return open(reads).count(namespace, query);
    }

    @Override
    public Optional<WorkflowOutcome> awaitOutcome(String namespace, String workflowId, String runId, Duration wait) {
        owned(namespace, workflowId);
        return open(reads).awaitOutcome(namespace, workflowId, runId, wait);
    }

    // ---------------------------------------------------------------- workflow tasks

    @Override
    public Optional<WorkflowTask> pollWorkflowTask(String namespace, String taskQueue, String identity,
            Duration wait) {
        return open(workflowTasks).poll(namespace, taskQueue, identity, wait);
    }

    @Override
    public Optional<WorkflowTask> completeWorkflowTask(byte[] taskToken, List<Command> commands, String identity,
            String stickyTaskQueue, boolean forceNewWorkflowTask, List<String> signalNames) {
        ownedToken(taskToken);
        return open(workflowTasks).complete(taskToken, commands, identity, stickyTaskQueue, forceNewWorkflowTask,
                signalNames);
    }

    @Override
    public void failWorkflowTask(byte[] taskToken, WorkflowTaskFailedCause cause, Failure failure, String identity) {
        ownedToken(taskToken);
        open(workflowTasks).fail(taskToken, cause, failure, identity);
    }

    // ---------------------------------------------------------------- tasks a transport could not deliver

    @Override
    public void handBackWorkflowTask(byte[] taskToken) {
        handBack(() -> {
            ownedToken(taskToken);
            open(workflowTasks).handBack(taskToken);
        });
    }

    @Override
    public void handBackActivityTask(byte[] taskToken) {
        handBack(() -> {
            ownedToken(taskToken);
            open(activityTasks).handBack(taskToken);
        });
    }

    /** A hand-back that cannot be done (the run gone, the engine closed, the store down) leaves the task to its timeout. */
    private static void handBack(Runnable handBack) {
        try {
            handBack.run();
        } catch (EngineException e) {
            log.debug("A task whose poll was cancelled stays started until its timeout: {}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- activity tasks

    @Override
    public Optional<ActivityTask> pollActivityTask(PollActivityTaskRequest request) {
        return open(activityTasks).poll(request);
    }

    @Override
    public void completeActivityTask(byte[] taskToken, Payload result, String identity) {
        ownedToken(taskToken);
        open(activityTasks).complete(taskToken, result, identity);
    }

    @Override
    public void failActivityTask(byte[] taskToken, Failure failure, String identity) {
        ownedToken(taskToken);
        open(activityTasks).fail(taskToken, failure, identity);
    }

    @Override
    public ActivityHeartbeatResponse recordActivityHeartbeat(byte[] taskToken, List<Payload> details,
            String identity) {
        ownedToken(taskToken);
        return open(activityTasks).heartbeat(taskToken, details);
    }

    @Override
    public void reportActivityTaskCanceled(byte[] taskToken, List<Payload> details, String identity) {
        ownedToken(taskToken);
        open(activityTasks).reportCanceled(taskToken, details, identity);
    }

    @Override
    public ActivityHeartbeatResponse recordActivityHeartbeatById(String namespace, String workflowId, String runId,
            String activityId, List<Payload> details, String identity) {
        owned(namespace, workflowId);
        return open(activityTasks).heartbeatById(namespace, workflowId, runId, activityId, details);
    }

    @Override
    public void completeActivityTaskById(String namespace, String workflowId, String runId, String activityId,
            Payload result, String identity) {
        owned(namespace, workflowId);
        open(activityTasks).completeById(namespace, workflowId, runId, activityId, result, identity);
    }

    @Override
    public void failActivityTaskById(String namespace, String workflowId, String runId, String activityId,
            Failure failure, String identity) {
        owned(namespace, workflowId);
        open(activityTasks).failById(namespace, workflowId, runId, activityId, failure, identity);
    }

    @Override
    public void reportActivityTaskCanceledById(String namespace, String workflowId, String runId, String activityId,
            List<Payload> details, String identity) {
        owned(namespace, workflowId);
        open(activityTasks).reportCanceledById(namespace, workflowId, runId, activityId, details, identity);
    }

    // ---------------------------------------------------------------- messages

    @Override
    public void signalWorkflow(SignalWorkflowRequest request) {
        owned(request == null ? null : request.namespace(), request == null ? null : request.workflowId());
        open(messages).signal(request);
    }

    @Override
    public MessageResult queryWorkflow(QueryWorkflowRequest request) {
        owned(request == null ? null : request.namespace(), request == null ? null : request.workflowId());
        return open(messages).query(request);
    }

    @Override
    public void respondQueryTask(byte[] taskToken, Payload result, Failure failure, String identity) {
        ownedToken(taskToken);
        open(messages).respondQueryTask(taskToken, result, failure);
    }

    @Override
    public MessageResult updateWorkflow(UpdateWorkflowRequest request) {
        owned(request == null ? null : request.namespace(), request == null ? null : request.workflowId());
        return open(messages).update(request);
    }

    // ---------------------------------------------------------------- the engine itself

    /** This release, the capabilities of this API, the engine's identity as node id, and the store's kind. */
    @Override
    public ServerInfo getServerInfo() {
        return new ServerInfo(EngineVersion.get(), CAPABILITIES, options.getIdentity(), open(store).kind());
    }

    // ---------------------------------------------------------------- namespaces

    @Override
    public NamespaceDescription registerNamespace(NamespaceConfig config) {
        return open(namespaceHandler).register(config);
    }

    @Override
    public NamespaceDescription describeNamespace(String name) {
        return open(namespaceHandler).describe(name);
    }

    @Override
    public List<NamespaceDescription> listNamespaces() {
        return open(namespaceHandler).list();
    }

    @Override
    public NamespaceDescription updateNamespace(NamespaceConfig config) {
        return open(namespaceHandler).update(config);
    }

    // ---------------------------------------------------------------- probes

    @Override
    public Optional<Instant> nextTimerDueTime() {
        return timeSkipping.nextTimerDueTime();
    }

    @Override
    public boolean isBusy() {
        return timeSkipping.isBusy();
    }

    @Override
    public TaskQueueBacklog taskQueueBacklog(String namespace, String taskQueue) {
        return health.taskQueueBacklog(namespace, taskQueue);
    }

    @Override
    public void pingStore() {
        open(health).pingStore();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Stops the timer service and the pollers (pending polls return empty), then closes the store. A cluster node
     * first leaves the cluster: it releases its shards at once, so the other nodes take them at their next round.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cluster != null) {
            cluster.close();
        }
        matching.close();
        timers.close();
        retention.close();
        outbound.close();
        store.close();
    }

    private Engine recover(Builder builder) {
        namespaces.load(declaredNamespaces);
        outbound.start();
        if (cluster == null) {
            recovery.run();
        }
        timers.start();
        retention.start();
        if (cluster != null) {
            // Recovers nothing up front: each shard's open runs as the shard is acquired.
            String schema = ((JdbcExecutionStore) store).postgresSchema().orElseThrow();
            cluster.start(builder.leaseDataSource != null ? builder.leaseDataSource : builder.dataSource, schema);
        }
        return this;
    }

    private void onTimerDue(ExecutionKey key) {
        if (!closed) {
            transitions.fireDue(key);
        }
    }

    /**
     * In cluster mode, refuses a call about the runs of {@code workflowId} unless this node owns their shard. A
     * missing name is left to the handler, which refuses it as bad input.
     */
    private void owned(String namespace, String workflowId) {
        if (cluster != null && namespace != null && workflowId != null) {
            if (closed) {
                // It gave its shards up: a refusal as not owner sends the caller (a router) to their next owner.
                throw cluster.leftCluster(namespace, workflowId);
            }
            cluster.requireOwned(namespace, workflowId);
        }
    }

    /** {@link #owned} for the run a task token names; a malformed token is left to the handler. */
    private void ownedToken(byte[] taskToken) {
        if (cluster != null) {
            TaskToken.keyOf(taskToken).ifPresent(key -> owned(key.namespace(), key.workflowId()));
        }
    }

    /** The handler of a call, once the engine is checked to be open: a closed engine refuses every call. */
    private <H> H open(H handler) {
        if (closed) {
            throw new EngineException(EngineException.Code.UNAVAILABLE, "The engine is closed; build a new one");
        }
        return handler;
    }

    /** Builds an engine and recovers the store's open runs. */
    public static final class Builder {
        private ExecutionStore store;
        private EngineClock clock = EngineClock.system();
        private EngineOptions options = EngineOptions.getDefaultInstance();
        private EngineMetricsListener metrics = EngineMetricsListener.NOOP;
        private UnaryOperator<DeliveryTargets> deliveryTargets = UnaryOperator.identity();
        private final List<NamespaceConfig> namespaces = new ArrayList<>();
        private ClusterSettings clusterSettings;
        private DataSource dataSource;
        private PostgresOptions postgresOptions;
        private DataSource leaseDataSource;

        private Builder() {
        }

        /**
         * Cluster mode: the engine is one node of a cluster on one PostgreSQL schema (not the default; an engine
         * that runs alone is built with {@link #store}). {@link #build()} opens the node's PostgreSQL store on
         * {@code dataSource} and {@code postgres} ({@link JdbcExecutionStore#postgresClusterNode}: the schema's
         * lock is taken shared with the other nodes, so an engine that runs alone is refused on the schema and
         * this node is refused while one uses it), then joins the cluster with a {@code ShardLeaseManager} on the
         * same data source and schema. The engine owns both: {@link Engine#close()} releases the node's shards at
         * once and closes the store.
         *
         * <p>The first node creates the schema's shard rows with {@code settings.shardCount()}; a node configured
         * with another count is refused, naming both.
         *
         * @param settings this node's id, shard count, lease and renewal, and its advertised address
         * @param dataSource the database; it should pool connections: the store holds a few, and the lease manager
         *     takes one per renewal round
         * @param postgres the schema and the store's options, as for {@link JdbcExecutionStore#postgres}
         */
        public Builder cluster(ClusterSettings settings, DataSource dataSource, PostgresOptions postgres) {
            this.clusterSettings = Objects.requireNonNull(settings, "settings");
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.postgresOptions = Objects.requireNonNull(postgres, "postgres");
            return this;
        }

        /** For tests: the lease manager's connections come from {@code leaseDataSource} (which a test can block). */
        Builder leaseDataSource(DataSource leaseDataSource) {
            this.leaseDataSource = leaseDataSource;
            return this;
        }

        /**
         * A namespace the engine has once built: registered if the store does not have it, otherwise
         * updated with the config's non-null fields (so the retention given here applies before the
         * first sweep). Default: only {@value NamespaceConfig#DEFAULT_NAMESPACE}, which always exists.
         */
        public Builder namespace(NamespaceConfig namespace) {
            this.namespaces.add(Objects.requireNonNull(namespace, "namespace"));
            return this;
        }

        /** Default {@link EngineMetricsListener#NOOP}: nothing recorded. */
        public Builder metricsListener(EngineMetricsListener metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** Required: where runs and their histories are kept. */
        public Builder store(ExecutionStore store) {
            this.store = store;
            return this;
        }

        /** Default: the system clock. Tests pass a {@code ManualClock}. */
        public Builder clock(EngineClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How deliveries between runs (child starts, a child's close, signals, cancel requests and parent close
         * policies) reach their target run: {@code targets} gets this engine's own targets and returns those the
         * engine uses. Default: its own (one engine per store). A cluster node passes
         * {@code local -> new ClusterDeliveryTargets(local, directory, nodes)} so that a target whose shard another
         * node owns is reached at that node.
         */
        public Builder deliveryTargets(UnaryOperator<DeliveryTargets> targets) {
            this.deliveryTargets = Objects.requireNonNull(targets, "targets");
            return this;
        }

        /** Default: {@link EngineOptions#getDefaultInstance()}. */
        public Builder options(EngineOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Builds the engine and recovers the store's open runs before returning.
         *
         * @throws IllegalStateException when no store was given
         * @throws EngineException {@code UNAVAILABLE} when the store cannot be read
         */
        public Engine build() {
            if (clusterSettings != null && store != null) {
                throw new IllegalStateException("Engine.builder() got both store(...) and cluster(...): a cluster node"
                        + " opens its PostgreSQL store itself from cluster(settings, dataSource, postgresOptions);"
                        + " drop store(...)");
            }
            if (clusterSettings == null && store == null) {
                throw new IllegalStateException("Engine.builder().store(...) is required: pass an ExecutionStore,"
                        + " e.g. a JdbcExecutionStore (or cluster(...) for a node of a cluster on PostgreSQL)");
            }
            boolean ownStore = clusterSettings != null;
            ExecutionStore store = ownStore ? JdbcExecutionStore.postgresClusterNode(dataSource, postgresOptions)
                    : this.store;
            Engine engine;
            try {
                engine = new Engine(this, store);
            } catch (RuntimeException e) {
                if (ownStore) {
                    store.close();
                }
                throw e;
            }
            try {
                return engine.recover(this);
            } catch (RuntimeException e) {
                if (engine.cluster != null) {
                    engine.cluster.close();
                }
                engine.matching.close();
                engine.timers.close();
                engine.retention.close();
                engine.outbound.close();
                if (ownStore) {
                    store.close();
                }
                throw e;
            }
        }
    }
}
