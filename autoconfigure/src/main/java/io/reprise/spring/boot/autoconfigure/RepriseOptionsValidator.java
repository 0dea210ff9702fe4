package io.reprise.spring.boot.autoconfigure;

import io.reprise.engine.EngineOptions;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.spring.boot.diagnostics.DurationFormat;
import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import io.reprise.spring.boot.grpc.GrpcTls;
import io.reprise.transport.grpc.GrpcEngineServer;
import io.reprise.transport.grpc.cluster.ClusterEngineNode;
import io.reprise.transport.grpc.security.AccessToken;
import io.reprise.transport.grpc.security.Loopback;
import io.reprise.transport.grpc.security.RpcAccess;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks every {@code reprise.*} value once, when the properties are bound, and names the exact
 * property at fault. The core's builders check the same rules, but their messages name builder
 * fields, not the keys a user wrote in application.yml.
 */
final class RepriseOptionsValidator {

    private RepriseOptionsValidator() {
    }

    static void validate(RepriseProperties properties) {
        notBlank("reprise.namespace", properties.getNamespace(), "default");
        namespaceName("reprise.namespace", properties.getNamespace());
        for (Map.Entry<String, RepriseProperties.Namespace> e : properties.getEngine().getNamespaces().entrySet()) {
            namespaceName("reprise.engine.namespaces." + e.getKey(), e.getKey());
            Duration retention = e.getValue().getRetention();
            if (retention != null && (retention.compareTo(NamespaceConfig.MIN_RETENTION) < 0
                    || retention.compareTo(NamespaceConfig.MAX_RETENTION) > 0)) {
                throw RepriseStartupException.invalidProperty("reprise.engine.namespaces." + e.getKey() + ".retention",
                        DurationFormat.of(retention), "a duration between 1d and 36500d", "7d");
            }
        }
        if (properties.getDefaultTaskQueue() != null) {
            notBlank("reprise.default-task-queue", properties.getDefaultTaskQueue(), "orders");
        }
        atLeast("reprise.workflow-cache-size", properties.getWorkflowCacheSize(), 0, "600");
        if (properties.getStore().getType() == RepriseProperties.Store.Type.SQLITE) {
            notBlank("reprise.store.path", properties.getStore().getPath(), "./reprise-data/reprise.db");
        }

        RepriseProperties.WorkerDefaults defaults = properties.getWorkerDefaults();
        String prefix = "reprise.worker-defaults.";
        atLeast(prefix + "workflow-pollers", defaults.getWorkflowPollers(), 1, "2");
        atLeast(prefix + "activity-pollers", defaults.getActivityPollers(), 1, "2");
        atLeast(prefix + "max-concurrent-workflow-tasks", defaults.getMaxConcurrentWorkflowTasks(), 1, "200");
        atLeast(prefix + "max-concurrent-activities", defaults.getMaxConcurrentActivities(), 1, "200");
        notNegative(prefix + "graceful-stop-timeout", defaults.getGracefulStopTimeout());
        atLeast(prefix + "max-concurrent-local-activities", defaults.getMaxConcurrentLocalActivities(), 1, "200");
        rate(prefix + "activities-per-second", defaults.getActivitiesPerSecond());
        rate(prefix + "task-queue-activities-per-second", defaults.getTaskQueueActivitiesPerSecond());
        for (Map.Entry<String, RepriseProperties.Worker> e : properties.getWorkers().entrySet()) {
            RepriseProperties.Worker worker = e.getValue();
            prefix = "reprise.workers." + e.getKey() + ".";
            atLeast(prefix + "workflow-pollers", worker.getWorkflowPollers(), 1, "2");
            atLeast(prefix + "activity-pollers", worker.getActivityPollers(), 1, "2");
            atLeast(prefix + "max-concurrent-workflow-tasks", worker.getMaxConcurrentWorkflowTasks(), 1, "200");
            atLeast(prefix + "max-concurrent-activities", worker.getMaxConcurrentActivities(), 1, "200");
            notNegative(prefix + "graceful-stop-timeout", worker.getGracefulStopTimeout());
            atLeast(prefix + "max-concurrent-local-activities", worker.getMaxConcurrentLocalActivities(), 1, "200");
            rate(prefix + "activities-per-second", worker.getActivitiesPerSecond());
            rate(prefix + "task-queue-activities-per-second", worker.getTaskQueueActivitiesPerSecond());
        }

        RepriseProperties.ActivityOptionsProperties activityDefaults = properties.getActivityDefaults();
        activity("reprise.activity-defaults.", activityDefaults, null);
        for (Map.Entry<String, RepriseProperties.ActivityOptionsProperties> e : properties.getActivities().entrySet()) {
            activity("reprise.activities." + e.getKey() + ".", e.getValue(), activityDefaults.getRetry());
        }

        RepriseProperties.Ui ui = properties.getUi();
        String uiPath = ui.getPath();
        if (uiPath == null || !uiPath.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw RepriseStartupException.invalidProperty("reprise.ui.path", "\"" + (uiPath == null ? "" : uiPath)
                    + "\"", "a path of one or more segments of letters, digits, '.', '_', '~' or '-', starting with '/' "
                    + "and not ending with it", "/reprise");
        }
        notNegative("reprise.ui.refresh-interval", ui.getRefreshInterval());
        if (ui.getEventsPageSize() < 1 || ui.getEventsPageSize() > 1000) {
            throw RepriseStartupException.invalidProperty("reprise.ui.events-page-size",
                    String.valueOf(ui.getEventsPageSize()), "a number from 1 to 1000", "100");
        }

        if (properties.getEngine().getMode() == RepriseProperties.Engine.Mode.REMOTE) {
            remote(properties.getEngine().getRemote());
        }
        cluster(properties);
        if (properties.getServer().getGrpc().isEnabled()) {
            grpcServer(properties.getServer().getGrpc());
        }

        RepriseProperties.WorkflowDefaults workflow = properties.getWorkflowDefaults();
        positive("reprise.workflow-defaults.execution-timeout", workflow.getExecutionTimeout());
        positive("reprise.workflow-defaults.run-timeout", workflow.getRunTimeout());
        Duration taskTimeout = workflow.getTaskTimeout();
        if (taskTimeout != null && (!taskTimeout.isPositive()
                || taskTimeout.compareTo(EngineOptions.MAX_WORKFLOW_TASK_TIMEOUT) > 0)) {
            throw RepriseStartupException.invalidProperty("reprise.workflow-defaults.task-timeout", taskTimeout,
                    "a positive duration of at most 120s", "10s");
        }
    }

    private static void remote(RepriseProperties.Remote remote) {
        String prefix = "reprise.engine.remote.";
        notBlank(prefix + "target", remote.getTarget(), "engine.internal:7444");
        positive(prefix + "rpc-timeout", remote.getRpcTimeout());
        if (remote.getRpcTimeout() == null) {
            throw RepriseStartupException.invalidProperty(prefix + "rpc-timeout", "\"\"", "a positive duration", "10s");
        }
        String apiKey = remote.getApiKey();
        if (apiKey == null) {
            return;
        }
        if (apiKey.isBlank() || apiKey.strip().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw RepriseStartupException.invalidProperty(prefix + "api-key", "(hidden)", "the token the server's"
                    + " operator handed out: printable ASCII without spaces", "${REPRISE_API_KEY}");
        }
        if (!GrpcTls.isOn(remote.getTls()) && !Loopback.isLoopbackTarget(remote.getTarget())) {
            throw RepriseStartupException.misconfigured(prefix + "api-key", prefix + "api-key is set and "
                    + prefix + "target (" + remote.getTarget() + ") is another host, but TLS is off: the API key"
                    + " would cross the network in plaintext, so it is never sent so.", "Turn TLS on ("
                    + prefix + "tls.enabled: true to trust the JDK's CAs, or " + prefix + "tls.trust-certificates,"
                    + " or " + prefix + "tls.bundle), or reach the engine on a loopback address.", null);
        }
    }

    /**
     * reprise.cluster.*: enabled only where a cluster can run (the embedded engine on PostgreSQL); the node's
     * settings when it does.
     */
    private static void cluster(RepriseProperties properties) {
        RepriseProperties.Cluster cluster = properties.getCluster();
        String prefix = "reprise.cluster.";
        boolean remote = properties.getEngine().getMode() == RepriseProperties.Engine.Mode.REMOTE;
        RepriseProperties.Store.Type store = properties.getStore().getType();
        if (Boolean.TRUE.equals(cluster.getEnabled()) && remote) {
            throw RepriseStartupException.misconfigured(prefix + "enabled", prefix + "enabled is true, but"
                    + " reprise.engine.mode is remote: this application has no engine of its own to run as a cluster"
                    + " node.", "Set " + prefix + "enabled in the applications that embed the engine on PostgreSQL,"
                    + " and remove it here.", null);
        }
        if (Boolean.TRUE.equals(cluster.getEnabled()) && store != RepriseProperties.Store.Type.POSTGRES) {
            String type = store.name().toLowerCase(Locale.ROOT);
            throw RepriseStartupException.misconfigured(prefix + "enabled", prefix + "enabled is true, but"
                    + " reprise.store.type is " + type + ": only engines on a PostgreSQL store form a cluster (a"
                    + " SQLite file or memory store belongs to one process).", "Set reprise.store.type to postgres"
                    + " (with reprise.store.postgres.* or the application's DataSource) for a cluster, or remove "
                    + prefix + "enabled to run one engine alone on the " + type + " store.", null);
        }
        if (remote || store != RepriseProperties.Store.Type.POSTGRES || Boolean.FALSE.equals(cluster.getEnabled())) {
            return; // no cluster node: its settings do not apply
        }
        String nodeId = cluster.getNodeId();
        if (nodeId != null && (nodeId.isBlank() || nodeId.length() > 200)) {
            throw RepriseStartupException.invalidProperty(prefix + "node-id", "\"" + nodeId + "\"", "a name of 1 to"
                    + " 200 characters, unique among the nodes of the schema (unset: generated)", "orders-1");
        }
        Duration lease = cluster.getLease();
        if (lease == null || lease.toMillis() < 100) {
            throw RepriseStartupException.invalidProperty(prefix + "lease", lease == null ? "\"\"" : lease,
                    "a duration of at least 100ms", "6s");
        }
        Duration renewal = cluster.getRenewal();
        if (renewal == null || renewal.toMillis() < 10 || renewal.multipliedBy(2).compareTo(lease) > 0) {
            throw RepriseStartupException.invalidProperty(prefix + "renewal", renewal == null ? "\"\"" : renewal,
                    "a duration of at least 10ms and at most half of " + prefix + "lease (" + DurationFormat.of(lease)
                    + "), so that one failed renewal loses no shard", DurationFormat.of(lease.dividedBy(3)));
        }
        if (cluster.getShardCount() < 1 || cluster.getShardCount() > ClusterSettings.MAX_SHARD_COUNT) {
            throw RepriseStartupException.invalidProperty(prefix + "shard-count", cluster.getShardCount(), "a number"
                    + " from 1 to " + ClusterSettings.MAX_SHARD_COUNT + ", the same on every node of the schema",
                    String.valueOf(ClusterSettings.DEFAULT_SHARD_COUNT));
        }
        String internalAddress = cluster.getInternalAddress();
        notBlank(prefix + "internal-address", internalAddress, "0.0.0.0");
        try {
            Loopback.isLoopbackAddress(internalAddress);
        } catch (IllegalArgumentException e) {
            throw RepriseStartupException.invalidProperty(prefix + "internal-address", internalAddress, "an address"
                    + " of this host that the other nodes reach (0.0.0.0 for every interface)", "0.0.0.0");
        }
        if (cluster.getInternalPort() < 0 || cluster.getInternalPort() > 65_535) {
            throw RepriseStartupException.invalidProperty(prefix + "internal-port", cluster.getInternalPort(),
                    "a port from 0 to 65535 (0: any free port)", String.valueOf(ClusterEngineNode.DEFAULT_INTERNAL_PORT));
        }
        String advertisedHost = cluster.getAdvertisedHost();
        if (advertisedHost != null && !advertisedHost.matches("[^\\s:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\]")) {
            throw RepriseStartupException.invalidProperty(prefix + "advertised-host", "\"" + advertisedHost + "\"",
                    "a host name or address the other nodes reach this one at, without a port (an IPv6 address in"
                    + " brackets)", "10.0.0.7");
        }
    }

    private static void grpcServer(RepriseProperties.Grpc grpc) {
        String prefix = "reprise.server.grpc.";
        notBlank(prefix + "address", grpc.getAddress(), "127.0.0.1");
        try {
            Loopback.isLoopbackAddress(grpc.getAddress());
        } catch (IllegalArgumentException e) {
            throw RepriseStartupException.invalidProperty(prefix + "address", grpc.getAddress(), "an address of this"
                    + " host (127.0.0.1 for this host only, 0.0.0.0 for every interface)", "127.0.0.1");
        }
        if (grpc.getPort() < 0 || grpc.getPort() > 65_535) {
            throw RepriseStartupException.invalidProperty(prefix + "port", grpc.getPort(), "a port from 0 to 65535"
                    + " (0: any free port)", String.valueOf(GrpcEngineServer.DEFAULT_PORT));
        }
        grpc.getAuth().getTokens().forEach((name, token) -> {
            String tokenPrefix = prefix + "auth.tokens." + name + ".";
            if ((token.getToken() == null) == (token.getTokenSha256() == null)) {
                throw RepriseStartupException.misconfigured(tokenPrefix + "token-sha256", "Token '" + name + "' has "
                        + (token.getToken() == null ? "neither " : "both ") + tokenPrefix + "token and "
                        + tokenPrefix + "token-sha256; it needs exactly one.", "Set " + tokenPrefix + "token-sha256"
                        + " to the token's SHA-256 (printf %s \"$TOKEN\" | sha256sum), or " + tokenPrefix + "token"
                        + " to the token itself (from an environment variable), not both.", null);
            }
            try {
                if (token.getToken() != null) {
                    AccessToken.ofToken(name, token.getToken());
                } else {
                    AccessToken.ofSha256(name, token.getTokenSha256());
                }
            } catch (IllegalArgumentException e) {
                String property = tokenPrefix + (token.getToken() != null ? "token" : "token-sha256");
                throw RepriseStartupException.misconfigured(property, "Invalid value for " + property + ": "
                        + e.getMessage() + ".", "Fix " + property + " as the message says.", e);
            }
            if (token.getRoles().isEmpty() || token.getRoles().values().stream().allMatch(List::isEmpty)) {
                throw RepriseStartupException.invalidProperty(tokenPrefix + "roles", "{}", "at least one role with"
                        + " its namespaces (read, write, worker or admin; * is every namespace)",
                        "{write: [orders], read: ['*']}");
            }
            token.getRoles().forEach((role, namespaces) -> {
                for (String namespace : namespaces) {
                    if (!RpcAccess.ALL_NAMESPACES.equals(namespace) && !NamespaceConfig.isValidName(namespace)) {
                        throw RepriseStartupException.invalidProperty(tokenPrefix + "roles." + role.name()
                                .toLowerCase(Locale.ROOT), namespaces, "a list of namespace names, or * for every"
                                + " namespace", "[orders, billing]");
                    }
                }
            });
        });
    }

    private static void activity(String prefix, RepriseProperties.ActivityOptionsProperties activity,
            RepriseProperties.Retry inheritedRetry) {
        positive(prefix + "start-to-close-timeout", activity.getStartToCloseTimeout());
        positive(prefix + "schedule-to-close-timeout", activity.getScheduleToCloseTimeout());
        positive(prefix + "schedule-to-start-timeout", activity.getScheduleToStartTimeout());
        positive(prefix + "heartbeat-timeout", activity.getHeartbeatTimeout());
        RepriseProperties.Retry retry = activity.getRetry();
        positive(prefix + "retry.initial-interval", retry.getInitialInterval());
        positive(prefix + "retry.maximum-interval", retry.getMaximumInterval());
        if (retry.getBackoffCoefficient() != null && !(retry.getBackoffCoefficient() >= 1.0)) {
            throw RepriseStartupException.invalidProperty(prefix + "retry.backoff-coefficient",
                    retry.getBackoffCoefficient(), "at least 1.0", "2.0");
        }
        if (retry.getMaximumAttempts() != null && retry.getMaximumAttempts() < 0) {
            throw RepriseStartupException.invalidProperty(prefix + "retry.maximum-attempts",
                    retry.getMaximumAttempts(), "0 (unlimited) or more", "3");
        }
        if (retry.getNonRetryableErrorTypes() != null) {
            for (String type : retry.getNonRetryableErrorTypes()) {
                if (type == null || type.isBlank()) {
                    throw RepriseStartupException.invalidProperty(prefix + "retry.non-retryable-error-types",
                            retry.getNonRetryableErrorTypes(), "a list of non-blank error types",
                            "[CardDeclined, java.lang.IllegalArgumentException]");
                }
            }
        }
        RepriseProperties.Retry effective = CoreOptions.mergeRetry(retry, inheritedRetry);
        Duration initial = effective.getInitialInterval() != null ? effective.getInitialInterval()
                : Duration.ofSeconds(1);
        if (effective.getMaximumInterval() != null && effective.getMaximumInterval().compareTo(initial) < 0) {
            throw RepriseStartupException.invalidProperty(prefix + "retry.maximum-interval",
                    effective.getMaximumInterval(), "at least the initial interval, " + DurationFormat.of(initial),
                    DurationFormat.of(initial.multipliedBy(100)));
        }
    }

    private static void notBlank(String name, String value, String example) {
        if (value == null || value.isBlank()) {
            throw RepriseStartupException.invalidProperty(name, "\"" + (value == null ? "" : value) + "\"",
                    "a non-blank name", example);
        }
    }

    private static void namespaceName(String name, String value) {
        if (!NamespaceConfig.isValidName(value)) {
            throw RepriseStartupException.invalidProperty(name, "\"" + value + "\"", "a namespace name: 1 to "
                    + NamespaceConfig.MAX_NAME_LENGTH + " letters, digits, '-', '_' and '.', starting with a letter or "
                    + "a digit", "billing");
        }
    }

    private static void atLeast(String name, Integer value, int min, String example) {
        if (value != null && value < min) {
            throw RepriseStartupException.invalidProperty(name, value, "at least " + min, example);
        }
    }

    private static void rate(String name, Double value) {
        if (value != null && !(value >= 0.0 && Double.isFinite(value))) {
            throw RepriseStartupException.invalidProperty(name, value, "0 (unlimited) or a positive number", "0.5");
        }
    }

    private static void positive(String name, Duration value) {
        if (value != null && !value.isPositive()) {
            throw RepriseStartupException.invalidProperty(name, value, "a positive duration", "10s");
        }
    }

    private static void notNegative(String name, Duration value) {
        if (value != null && value.isNegative()) {
            throw RepriseStartupException.invalidProperty(name, value, "zero or a positive duration", "10s");
        }
    }
}
