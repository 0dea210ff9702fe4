package io.reprise.spring.boot.autoconfigure;

import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.store.SqliteOptions;
import io.reprise.transport.grpc.security.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of Reprise under the {@code reprise} prefix: engine, store, workers, and the
 * option defaults of activities and workflows. {@link RepriseOptionsValidator} checks the values
 * at startup; {@link CoreOptions} turns them into the core's option objects.
 */
@ConfigurationProperties("reprise")
public class RepriseProperties implements InitializingBean {

    /** Namespace the client and the workers use. */
    private String namespace = "default";

    /** Task Queue of the @WorkflowImpl and @ActivityImpl beans that name none; unset means every bean must name its queues. */
    private String defaultTaskQueue;

    /** Workflow runs kept in memory between Workflow Tasks (sticky execution), shared by every worker; 0 disables the cache. */
    private int workflowCacheSize = 600;

    private final Engine engine = new Engine();

    private final Store store = new Store();

    private final Cluster cluster = new Cluster();

    private final WorkerDefaults workerDefaults = new WorkerDefaults();

    /** Worker options per Task Queue; each unset option falls back to reprise.worker-defaults. The key enabled is reprise.workers.enabled, the switch of every worker. */
    private final Map<String, Worker> workers = new LinkedHashMap<>();

    private final ActivityOptionsProperties activityDefaults = new ActivityOptionsProperties();

    /** Activity options per Activity Type (e.g. ChargeCard); each unset option falls back to reprise.activity-defaults. */
    private final Map<String, ActivityOptionsProperties> activities = new LinkedHashMap<>();

    private final WorkflowDefaults workflowDefaults = new WorkflowDefaults();

    private final Ui ui = new Ui();

    private final Server server = new Server();

    /**
     * Checks the bound values, so that a bad one stops the application at startup with the
     * property's name.
     *
     * @throws io.reprise.spring.boot.diagnostics.RepriseStartupException naming the bad property
     */
    @Override
    public void afterPropertiesSet() {
        RepriseOptionsValidator.validate(this);
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getDefaultTaskQueue() {
        return defaultTaskQueue;
    }

    public void setDefaultTaskQueue(String defaultTaskQueue) {
        this.defaultTaskQueue = defaultTaskQueue;
    }

    public int getWorkflowCacheSize() {
        return workflowCacheSize;
    }

    public void setWorkflowCacheSize(int workflowCacheSize) {
        this.workflowCacheSize = workflowCacheSize;
    }

    public Engine getEngine() {
        return engine;
    }

    public Store getStore() {
        return store;
    }

    public Cluster getCluster() {
        return cluster;
    }

    public WorkerDefaults getWorkerDefaults() {
        return workerDefaults;
    }

    public Map<String, Worker> getWorkers() {
        return workers;
    }

    public ActivityOptionsProperties getActivityDefaults() {
        return activityDefaults;
    }

    public Map<String, ActivityOptionsProperties> getActivities() {
        return activities;
    }

    public WorkflowDefaults getWorkflowDefaults() {
        return workflowDefaults;
    }

    public Ui getUi() {
        return ui;
    }

    public Server getServer() {
        return server;
    }

    /** Servers the application runs for other processes. */
    public static class Server {

        private final Grpc grpc = new Grpc();

        public Grpc getGrpc() {
            return grpc;
        }
    }

    /** The embedded engine served over gRPC to remote clients and workers (docs/remote.md). */
    public static class Grpc {

        /** Whether the application serves its embedded engine over gRPC to clients and workers in other processes. */
        private boolean enabled = false;

        /** Address the gRPC server binds to: 127.0.0.1 is this host only; another address needs TLS or allow-plaintext. */
        private String address = "127.0.0.1";

        /** Port of the gRPC server; 0 picks a free one, published as local.reprise.server.grpc.port. */
        private int port = 7444;

        /** Whether the server may serve plaintext (no TLS) on an address other hosts reach; only on a trusted network. */
        private boolean allowPlaintext = false;

        private final ServerTls tls = new ServerTls();

        private final Auth auth = new Auth();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public boolean isAllowPlaintext() {
            return allowPlaintext;
        }

        public void setAllowPlaintext(boolean allowPlaintext) {
            this.allowPlaintext = allowPlaintext;
        }

        public ServerTls getTls() {
            return tls;
        }

        public Auth getAuth() {
            return auth;
        }
    }

    /** TLS of the gRPC server: a Spring SSL bundle, or PEM files; unset: plaintext. */
    public static class ServerTls {

        /** Spring SSL bundle (spring.ssl.bundle.*) with the server's certificate and key, and for client-auth the clients' CAs as truststore; reloaded when the bundle is. */
        private String bundle;

        /** PEM file of the server's certificate chain, its own certificate first (instead of a bundle). */
        private String certificateChain;

        /** PEM file of the server's private key, unencrypted PKCS#8 (BEGIN PRIVATE KEY). */
        private String privateKey;

        /** PEM file of the CA certificates that issue the clients' certificates (mutual TLS). */
        private String trustCertificates;

        /** Whether clients must present a certificate their CA issued (mutual TLS): none, optional (checked when presented) or require. */
        private ClientAuth clientAuth = ClientAuth.NONE;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public String getCertificateChain() {
            return certificateChain;
        }

        public void setCertificateChain(String certificateChain) {
            this.certificateChain = certificateChain;
        }

        public String getPrivateKey() {
            return privateKey;
        }

        public void setPrivateKey(String privateKey) {
            this.privateKey = privateKey;
        }

        public String getTrustCertificates() {
            return trustCertificates;
        }

        public void setTrustCertificates(String trustCertificates) {
            this.trustCertificates = trustCertificates;
        }

        public ClientAuth getClientAuth() {
            return clientAuth;
        }

        public void setClientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }

        /** Whether clients present certificates (mutual TLS). */
        public enum ClientAuth {
            /** No client certificate is asked for. */
            NONE,
            /** A client certificate is asked for and checked when presented. */
            OPTIONAL,
            /** Every client must present a certificate that the trust certificates accept. */
            REQUIRE
        }
    }

    /** Bearer tokens of the gRPC server (docs/remote.md#tokens-and-roles). */
    public static class Auth {

        /** Tokens the server accepts, by a name of your choice (used in messages, never the token); none: every call is accepted. */
        private final Map<String, Token> tokens = new LinkedHashMap<>();

        public Map<String, Token> getTokens() {
            return tokens;
        }
    }

    /** One bearer token: the token or its SHA-256, and the namespaces of each role it holds. */
    public static class Token {

        /** The token in clear (from an environment variable or a secret store, not a committed file); only its SHA-256 is kept. */
        private String token;

        /** The token's SHA-256 in hex (printf %s "$TOKEN" | sha256sum), so the configuration holds no secret; instead of token. */
        private String tokenSha256;

        /** Namespaces per role the token holds (read, write, worker, admin); * is every namespace. */
        private final Map<Role, List<String>> roles = new LinkedHashMap<>();

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public String getTokenSha256() {
            return tokenSha256;
        }

        public void setTokenSha256(String tokenSha256) {
            this.tokenSha256 = tokenSha256;
        }

        public Map<Role, List<String>> getRoles() {
            return roles;
        }
    }

    /** The web UI, served by the application's own Spring MVC under reprise.ui.path (docs/ui.md). */
    public static class Ui {

        /** Whether the application serves the web UI; it shows workflow inputs and results, so protect it (docs/ui.md). */
        private boolean enabled = false;

        /** Path of the UI under the application's context path: starts with '/', no trailing '/'. */
        private String path = "/reprise";

        /** Whether the UI only shows: signal, query, update, cancel, terminate and start answer 403. */
        private boolean readOnly = false;

        /** How often the executions list and a running run's page reload themselves; the page has a pause button; 0 turns it off. */
        private Duration refreshInterval = Duration.ofSeconds(5);

        /** Events shown per page of a run's history, 1 to 1000. */
        private int eventsPageSize = 100;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public boolean isReadOnly() {
            return readOnly;
        }

        public void setReadOnly(boolean readOnly) {
            this.readOnly = readOnly;
        }

        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
        }

        public int getEventsPageSize() {
            return eventsPageSize;
        }

        public void setEventsPageSize(int eventsPageSize) {
            this.eventsPageSize = eventsPageSize;
        }
    }

    /** Where the engine runs. */
    public static class Engine {

        /** How the application reaches the engine: embedded in this process, or remote over gRPC (reprise.engine.remote.*). */
        private Mode mode = Mode.EMBEDDED;

        private final Remote remote = new Remote();

        /** Namespaces the embedded engine registers at startup, or updates when they exist, by name; reprise.namespace is registered too. */
        private final Map<String, Namespace> namespaces = new LinkedHashMap<>();

        public Mode getMode() {
            return mode;
        }

        public void setMode(Mode mode) {
            this.mode = mode;
        }

        public Map<String, Namespace> getNamespaces() {
            return namespaces;
        }

        public Remote getRemote() {
            return remote;
        }

        /** How the application reaches the engine. */
        public enum Mode {
            /** The engine runs inside the application, on the configured store. */
            EMBEDDED,
            /** The engine runs in another process (reprise.engine.remote.target); this application has no store. */
            REMOTE
        }
    }

    /** The engine served over gRPC by another process (reprise.engine.mode: remote). */
    public static class Remote {

        /** Where the engine serves gRPC: host:port, or a gRPC target such as dns:///engine.internal:7444. */
        private String target = "localhost:7444";

        /** Bearer token sent with every call, for a server that checks tokens; sent only over TLS unless the target is loopback. */
        private String apiKey;

        /** Deadline of the calls that do not wait (all but polls, result waits, queries and updates). */
        private Duration rpcTimeout = Duration.ofSeconds(10);

        private final ClientTls tls = new ClientTls();

        public String getTarget() {
            return target;
        }

        public void setTarget(String target) {
            this.target = target;
        }

        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public Duration getRpcTimeout() {
            return rpcTimeout;
        }

        public void setRpcTimeout(Duration rpcTimeout) {
            this.rpcTimeout = rpcTimeout;
        }

        public ClientTls getTls() {
            return tls;
        }
    }

    /** TLS of the connection to a remote engine: a Spring SSL bundle or PEM files, or the JDK's trusted CAs. */
    public static class ClientTls {

        /** Whether to connect with TLS; also on when a bundle or a PEM file is given. Alone, the JDK's trusted CAs check the server. */
        private boolean enabled = false;

        /** Spring SSL bundle (spring.ssl.bundle.*) whose truststore checks the server and whose keystore, if any, is the client's certificate (mutual TLS). */
        private String bundle;

        /** PEM file of the CA certificates that issue the server's certificate (instead of a bundle); unset: the JDK's trusted CAs. */
        private String trustCertificates;

        /** PEM file of the client's certificate chain, for a server that requires client certificates (mutual TLS). */
        private String certificateChain;

        /** PEM file of the client's private key, unencrypted PKCS#8 (BEGIN PRIVATE KEY). */
        private String privateKey;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public String getTrustCertificates() {
            return trustCertificates;
        }

        public void setTrustCertificates(String trustCertificates) {
            this.trustCertificates = trustCertificates;
        }

        public String getCertificateChain() {
            return certificateChain;
        }

        public void setCertificateChain(String certificateChain) {
            this.certificateChain = certificateChain;
        }

        public String getPrivateKey() {
            return privateKey;
        }

        public void setPrivateKey(String privateKey) {
            this.privateKey = privateKey;
        }
    }

    /** A namespace of reprise.engine.namespaces; unset options keep the namespace's current value (or the default, when it is new). */
    public static class Namespace {

        /** How long a closed execution of the namespace and its history are kept after it closed, at least 1d; unset: 3d for a new namespace, unchanged for an existing one. */
        private Duration retention;

        /** What the namespace is for; unset: none for a new namespace, unchanged for an existing one. */
        private String description;

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }
    }

    /** Where the embedded engine keeps Workflow Executions. */
    public static class Store {

        /** Kind of store: a SQLite file that survives restarts, PostgreSQL, or memory that does not. */
        private Type type = Type.SQLITE;

        /** SQLite database file, created with its directories if missing; relative paths start at the working directory. */
        private String path = "./reprise-data/reprise.db";

        /** SQLite synchronous mode: NORMAL survives a crash of the process, FULL also survives a power loss at the cost of a disk sync per commit. */
        private SqliteOptions.Synchronous synchronous = SqliteOptions.Synchronous.NORMAL;

        /** The PostgreSQL store (reprise.store.type: postgres). */
        private final Postgres postgres = new Postgres();

        public Type getType() {
            return type;
        }

        public Postgres getPostgres() {
            return postgres;
        }

        public void setType(Type type) {
            this.type = type;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public SqliteOptions.Synchronous getSynchronous() {
            return synchronous;
        }

        public void setSynchronous(SqliteOptions.Synchronous synchronous) {
            this.synchronous = synchronous;
        }

        /** Kind of store. */
        public enum Type {
            /** A SQLite file (see reprise.store.path): executions survive restarts and crashes. */
            SQLITE,
            /** SQLite in memory: everything is lost when the application stops; for tests and demos. */
            MEMORY,
            /** PostgreSQL (see reprise.store.postgres): the application's DataSource, or a URL of its own. */
            POSTGRES
        }

        /** The PostgreSQL store: where it connects and which schema it keeps its tables in. */
        public static class Postgres {

            /** JDBC URL of the database; when unset, the store uses the application's DataSource (spring.datasource.*). */
            private String url;

            /** Database user for reprise.store.postgres.url; when unset, the URL's own (or the driver's default). */
            private String username;

            /** Password of that user. */
            private String password;

            /** Schema of the store's tables (created if missing, when migrate is on); when unset, the connection's current schema. */
            private String schema;

            /** Whether the store creates its schema and tables, or migrates them, at start; off: it only checks their version. */
            private boolean migrate = true;

            /** Database connections serving reads beside the writer; the store holds these plus two. */
            private int readConnections = 2;

            public String getUrl() {
                return url;
            }

            public void setUrl(String url) {
                this.url = url;
            }

            public String getUsername() {
                return username;
            }

            public void setUsername(String username) {
                this.username = username;
            }

            public String getPassword() {
                return password;
            }

            public void setPassword(String password) {
                this.password = password;
            }

            public String getSchema() {
                return schema;
            }

            public void setSchema(String schema) {
                this.schema = schema;
            }

            public boolean isMigrate() {
                return migrate;
            }

            public void setMigrate(boolean migrate) {
                this.migrate = migrate;
            }

            public int getReadConnections() {
                return readConnections;
            }

            public void setReadConnections(int readConnections) {
                this.readConnections = readConnections;
            }
        }
    }

    /**
     * The embedded engine as one node of a cluster on a PostgreSQL schema (docs/postgres.md): replicas with the same
     * store configuration form a cluster with none of these set.
     */
    public static class Cluster {

        /** Whether the embedded engine runs as a cluster node; unset: on with reprise.store.type postgres, off otherwise (SQLite and memory never cluster). */
        private Boolean enabled;

        /** This node's id in the lease table, unique among the nodes of the schema, at most 200 characters; unset: generated (host name, process id and a random suffix). */
        private String nodeId;

        /** How long a shard's lease lasts after each renewal, on the database's clock: a dead node's runs move on to the others about this long after it stopped; at least 100ms. */
        private Duration lease = ClusterSettings.DEFAULT_LEASE_DURATION;

        /** How often a node renews its leases and rebalances the shards; at most half the lease. */
        private Duration renewal = ClusterSettings.DEFAULT_RENEWAL_INTERVAL;

        /** Shards the runs are spread over, 1 to 4096; fixed when the first node creates the schema's shards, so every node must agree. */
        private int shardCount = 64;

        /** Address the internal gRPC server (for the other nodes only: plaintext, no tokens) binds to; a private address, or 0.0.0.0 for every interface. */
        private String internalAddress = "0.0.0.0";

        /** Port of the internal gRPC server; 0 picks a free one. */
        private int internalPort = 7445;

        /** Host the other nodes reach this node's internal server at; unset: this host's address (in Kubernetes the pod's IP), or 127.0.0.1 when the internal address is a loopback one. */
        private String advertisedHost;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public String getNodeId() {
            return nodeId;
        }

        public void setNodeId(String nodeId) {
            this.nodeId = nodeId;
        }

        public Duration getLease() {
            return lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public Duration getRenewal() {
            return renewal;
        }

        public void setRenewal(Duration renewal) {
            this.renewal = renewal;
        }

        public int getShardCount() {
            return shardCount;
        }

        public void setShardCount(int shardCount) {
            this.shardCount = shardCount;
        }

        public String getInternalAddress() {
            return internalAddress;
        }

        public void setInternalAddress(String internalAddress) {
            this.internalAddress = internalAddress;
        }

        public int getInternalPort() {
            return internalPort;
        }

        public void setInternalPort(int internalPort) {
            this.internalPort = internalPort;
        }

        public String getAdvertisedHost() {
            return advertisedHost;
        }

        public void setAdvertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
        }
    }

    /** Worker options that apply to every Task Queue unless reprise.workers.&lt;queue&gt; sets them. */
    public static class WorkerDefaults {

        /** Threads long-polling Workflow Tasks. */
        private int workflowPollers = 2;

        /** Threads long-polling Activity Tasks that always run; more poll while polls bring tasks (one per free slot). */
        private int activityPollers = 2;

        /** Workflow Tasks processed at once. */
        private int maxConcurrentWorkflowTasks = 200;

        /** Activities executed at once. */
        private int maxConcurrentActivities = 200;

        /** How long a stopping worker lets in-flight tasks finish before interrupting the activities still running. */
        private Duration gracefulStopTimeout = Duration.ofSeconds(10);

        /** Local activities executed at once. */
        private int maxConcurrentLocalActivities = 200;

        /** Activities a worker starts per second; fractions allowed (0.1 = one every ten seconds); 0 = unlimited. */
        private double activitiesPerSecond = 0;

        /** Activities started per second across all workers of a Task Queue, enforced by the engine; 0 = unlimited. */
        private double taskQueueActivitiesPerSecond = 0;

        public int getWorkflowPollers() {
            return workflowPollers;
        }

        public void setWorkflowPollers(int workflowPollers) {
            this.workflowPollers = workflowPollers;
        }

        public int getActivityPollers() {
            return activityPollers;
        }

        public void setActivityPollers(int activityPollers) {
            this.activityPollers = activityPollers;
        }

        public int getMaxConcurrentWorkflowTasks() {
            return maxConcurrentWorkflowTasks;
        }

        public void setMaxConcurrentWorkflowTasks(int maxConcurrentWorkflowTasks) {
            this.maxConcurrentWorkflowTasks = maxConcurrentWorkflowTasks;
        }

        public int getMaxConcurrentActivities() {
            return maxConcurrentActivities;
        }

        public void setMaxConcurrentActivities(int maxConcurrentActivities) {
            this.maxConcurrentActivities = maxConcurrentActivities;
        }

        public Duration getGracefulStopTimeout() {
            return gracefulStopTimeout;
        }

        public void setGracefulStopTimeout(Duration gracefulStopTimeout) {
            this.gracefulStopTimeout = gracefulStopTimeout;
        }

        public int getMaxConcurrentLocalActivities() {
            return maxConcurrentLocalActivities;
        }

        public void setMaxConcurrentLocalActivities(int maxConcurrentLocalActivities) {
            this.maxConcurrentLocalActivities = maxConcurrentLocalActivities;
        }

        public double getActivitiesPerSecond() {
            return activitiesPerSecond;
        }

        public void setActivitiesPerSecond(double activitiesPerSecond) {
            this.activitiesPerSecond = activitiesPerSecond;
        }

        public double getTaskQueueActivitiesPerSecond() {
            return taskQueueActivitiesPerSecond;
        }

        public void setTaskQueueActivitiesPerSecond(double taskQueueActivitiesPerSecond) {
            this.taskQueueActivitiesPerSecond = taskQueueActivitiesPerSecond;
        }
    }

    /** Worker options of one Task Queue; unset ({@code null}) options come from {@link WorkerDefaults}. */
    public static class Worker {

        /** Threads long-polling Workflow Tasks on this queue. */
        private Integer workflowPollers;

        /** Threads long-polling Activity Tasks on this queue. */
        private Integer activityPollers;

        /** Workflow Tasks of this queue processed at once. */
        private Integer maxConcurrentWorkflowTasks;

        /** Activities of this queue executed at once. */
        private Integer maxConcurrentActivities;

        /** How long this queue's stopping worker lets in-flight tasks finish. */
        private Duration gracefulStopTimeout;

        /** Local activities of this queue's workflows executed at once. */
        private Integer maxConcurrentLocalActivities;

        /** Activities this queue's worker starts per second; 0 = unlimited. */
        private Double activitiesPerSecond;

        /** Activities started per second across all workers of this Task Queue; 0 = unlimited. */
        private Double taskQueueActivitiesPerSecond;

        public Integer getWorkflowPollers() {
            return workflowPollers;
        }

        public void setWorkflowPollers(Integer workflowPollers) {
            this.workflowPollers = workflowPollers;
        }

        public Integer getActivityPollers() {
            return activityPollers;
        }

        public void setActivityPollers(Integer activityPollers) {
            this.activityPollers = activityPollers;
        }

        public Integer getMaxConcurrentWorkflowTasks() {
            return maxConcurrentWorkflowTasks;
        }

        public void setMaxConcurrentWorkflowTasks(Integer maxConcurrentWorkflowTasks) {
            this.maxConcurrentWorkflowTasks = maxConcurrentWorkflowTasks;
        }

        public Integer getMaxConcurrentActivities() {
            return maxConcurrentActivities;
        }

        public void setMaxConcurrentActivities(Integer maxConcurrentActivities) {
            this.maxConcurrentActivities = maxConcurrentActivities;
        }

        public Duration getGracefulStopTimeout() {
            return gracefulStopTimeout;
        }

        public void setGracefulStopTimeout(Duration gracefulStopTimeout) {
            this.gracefulStopTimeout = gracefulStopTimeout;
        }

        public Integer getMaxConcurrentLocalActivities() {
            return maxConcurrentLocalActivities;
        }

        public void setMaxConcurrentLocalActivities(Integer maxConcurrentLocalActivities) {
            this.maxConcurrentLocalActivities = maxConcurrentLocalActivities;
        }

        public Double getActivitiesPerSecond() {
            return activitiesPerSecond;
        }

        public void setActivitiesPerSecond(Double activitiesPerSecond) {
            this.activitiesPerSecond = activitiesPerSecond;
        }

        public Double getTaskQueueActivitiesPerSecond() {
            return taskQueueActivitiesPerSecond;
        }

        public void setTaskQueueActivitiesPerSecond(Double taskQueueActivitiesPerSecond) {
            this.taskQueueActivitiesPerSecond = taskQueueActivitiesPerSecond;
        }
    }

    /**
     * Activity options, for every activity (reprise.activity-defaults) or one Activity Type
     * (reprise.activities.&lt;type&gt;). Every option starts unset: options given in workflow code
     * win, then the Activity Type's, then the defaults', then the core's (retry: 1 s initial
     * interval, coefficient 2, maximum interval 100 × initial, unlimited attempts).
     */
    public static class ActivityOptionsProperties {

        /** Limit for one attempt of the activity. */
        private Duration startToCloseTimeout;

        /** Limit for the whole activity execution, retries included. */
        private Duration scheduleToCloseTimeout;

        /** Limit for waiting in the Task Queue before a worker picks the activity up; never retried. */
        private Duration scheduleToStartTimeout;

        /** Longest time between two heartbeats of a running attempt. */
        private Duration heartbeatTimeout;

        private final Retry retry = new Retry();

        public Duration getStartToCloseTimeout() {
            return startToCloseTimeout;
        }

        public void setStartToCloseTimeout(Duration startToCloseTimeout) {
            this.startToCloseTimeout = startToCloseTimeout;
        }

        public Duration getScheduleToCloseTimeout() {
            return scheduleToCloseTimeout;
        }

        public void setScheduleToCloseTimeout(Duration scheduleToCloseTimeout) {
            this.scheduleToCloseTimeout = scheduleToCloseTimeout;
        }

        public Duration getScheduleToStartTimeout() {
            return scheduleToStartTimeout;
        }

        public void setScheduleToStartTimeout(Duration scheduleToStartTimeout) {
            this.scheduleToStartTimeout = scheduleToStartTimeout;
        }

        public Duration getHeartbeatTimeout() {
            return heartbeatTimeout;
        }

        public void setHeartbeatTimeout(Duration heartbeatTimeout) {
            this.heartbeatTimeout = heartbeatTimeout;
        }

        public Retry getRetry() {
            return retry;
        }
    }

    /** Retry policy of activities; an unset option takes the defaults' value, then the core default. */
    public static class Retry {

        /** Wait before the first retry. */
        private Duration initialInterval;

        /** Factor applied to the wait after each retry. */
        private Double backoffCoefficient;

        /** Longest wait between two attempts. */
        private Duration maximumInterval;

        /** Attempts allowed, the first included; 0 means unlimited. */
        private Integer maximumAttempts;

        /** Failure types (exception class names or ApplicationFailure types) that are never retried. */
        private List<String> nonRetryableErrorTypes;

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public Double getBackoffCoefficient() {
            return backoffCoefficient;
        }

        public void setBackoffCoefficient(Double backoffCoefficient) {
            this.backoffCoefficient = backoffCoefficient;
        }

        public Duration getMaximumInterval() {
            return maximumInterval;
        }

        public void setMaximumInterval(Duration maximumInterval) {
            this.maximumInterval = maximumInterval;
        }

        public Integer getMaximumAttempts() {
            return maximumAttempts;
        }

        public void setMaximumAttempts(Integer maximumAttempts) {
            this.maximumAttempts = maximumAttempts;
        }

        public List<String> getNonRetryableErrorTypes() {
            return nonRetryableErrorTypes;
        }

        public void setNonRetryableErrorTypes(List<String> nonRetryableErrorTypes) {
            this.nonRetryableErrorTypes = nonRetryableErrorTypes == null ? null : new ArrayList<>(nonRetryableErrorTypes);
        }

        /** Whether any option is set. */
        boolean isSet() {
            return initialInterval != null || backoffCoefficient != null || maximumInterval != null
                    || maximumAttempts != null || nonRetryableErrorTypes != null;
        }
    }

    /**
     * Defaults of the WorkflowOptions made by {@link io.reprise.spring.boot.RepriseWorkflowOptionsFactory};
     * unset means the core default.
     */
    public static class WorkflowDefaults {

        /** Limit for the whole Workflow Execution; unset means unlimited. */
        private Duration executionTimeout;

        /** Limit for one run of the Workflow Execution; unset means the execution timeout. */
        private Duration runTimeout;

        /** Limit for one Workflow Task, at most 120s; unset means 10s. */
        private Duration taskTimeout;

        public Duration getExecutionTimeout() {
            return executionTimeout;
        }

        public void setExecutionTimeout(Duration executionTimeout) {
            this.executionTimeout = executionTimeout;
        }

        public Duration getRunTimeout() {
            return runTimeout;
        }

        public void setRunTimeout(Duration runTimeout) {
            this.runTimeout = runTimeout;
        }

        public Duration getTaskTimeout() {
            return taskTimeout;
        }

        public void setTaskTimeout(Duration taskTimeout) {
            this.taskTimeout = taskTimeout;
        }
    }
}
