package io.reprise.spring.boot.autoconfigure;

import io.reprise.engine.Engine;
import io.reprise.engine.EngineMetricsListener;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import io.reprise.transport.grpc.cluster.ClusterEngineNode;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The embedded engine, one of two: an {@link Engine} that runs alone on the store of {@code reprise.store.type}, or,
 * with {@code reprise.store.type: postgres} unless {@code reprise.cluster.enabled: false}, a
 * {@link ClusterEngineNode} whose router is the application's {@link EngineService}.
 */
final class RepriseEngineConfigurations {

    private RepriseEngineConfigurations() {
    }

    /** An engine that runs alone: SQLite, memory, or PostgreSQL with {@code reprise.cluster.enabled: false}. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnSingleEngine.class)
    static class SingleEngine {

        @Bean(destroyMethod = "close")
        Engine repriseEngine(ExecutionStore store, RepriseProperties properties,
                ObjectProvider<EngineMetricsListener> metrics) {
            Engine.Builder engine = Engine.builder().store(store)
                    .metricsListener(metrics.getIfUnique(() -> EngineMetricsListener.NOOP));
            RepriseEngineAutoConfiguration.namespaces(properties).forEach(engine::namespace);
            return engine.build();
        }
    }

    /**
     * A node of the cluster on the PostgreSQL schema of {@code reprise.store.postgres.*}: its engine owns the runs of
     * the shards it holds, its internal gRPC server ({@code reprise.cluster.internal-*}) serves the other nodes, and
     * the {@link EngineService} bean is its router, so that the client, the workers, the health indicator and the
     * gRPC server reach every run of the cluster. The node is closed with the context after the workers have
     * drained (they depend on the router), and releases its shards at once.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnClusterMode.class)
    static class ClusterNode {

        @Bean(destroyMethod = "close")
        ClusterEngineNode repriseClusterNode(RepriseProperties properties, ObjectProvider<DataSource> dataSources,
                ObjectProvider<EngineMetricsListener> metrics, ListableBeanFactory beans) {
            String[] stores = beans.getBeanNamesForType(ExecutionStore.class, true, false);
            if (stores.length > 0) {
                throw RepriseStartupException.misconfigured("reprise.cluster.enabled", "The application defines an"
                        + " ExecutionStore bean (" + String.join(", ", Arrays.asList(stores)) + "), but the embedded"
                        + " engine runs as a cluster node (reprise.store.type is postgres and reprise.cluster.enabled"
                        + " is not false), and a cluster node opens its PostgreSQL store itself.", "Remove the"
                        + " ExecutionStore bean and configure the store with reprise.store.postgres.*, or set"
                        + " reprise.cluster.enabled to false to run one engine alone on that store.", null);
            }
            RepriseProperties.Cluster cluster = properties.getCluster();
            ClusterEngineNode.Builder node = ClusterEngineNode.newBuilder(
                            RepriseStoreConfigurations.Postgres.dataSource(properties, dataSources),
                            RepriseStoreConfigurations.Postgres.options(properties))
                    .settings(ClusterSettings.builder()
                            .nodeId(cluster.getNodeId())
                            .shardCount(cluster.getShardCount())
                            .leaseDuration(cluster.getLease())
                            .renewalInterval(cluster.getRenewal())
                            .build())
                    .metricsListener(metrics.getIfUnique(() -> EngineMetricsListener.NOOP))
                    .internalAddress(cluster.getInternalAddress())
                    .internalPort(cluster.getInternalPort());
            if (cluster.getAdvertisedHost() != null) {
                node.advertisedHost(cluster.getAdvertisedHost());
            }
            RepriseEngineAutoConfiguration.namespaces(properties).forEach(node::namespace);
            try {
                return node.start();
            } catch (IllegalStateException | UncheckedIOException e) {
                // The store's own failures (StoreException) keep their analyzer; these are the node's: the shard
                // count of the schema, the internal port, the advertised host, the lease table.
                throw RepriseStartupException.misconfigured(property(e), "The cluster node cannot start: "
                        + e.getMessage() + ".", "Fix the reprise.cluster.* setting the message names, or set"
                        + " reprise.cluster.enabled to false to run one engine alone on this schema.", e);
            }
        }

        /** The router: every call of this application's client and workers, about any run of the cluster. */
        @Bean(destroyMethod = "") // the node closes it
        EngineService repriseEngine(ClusterEngineNode node) {
            return node.service();
        }

        /** The property a node's startup failure is about, for the origin shown with the failure. */
        private static String property(RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("shard-count")) {
                return "reprise.cluster.shard-count";
            }
            if (message.contains("advertised host")) {
                return "reprise.cluster.advertised-host";
            }
            if (message.contains("internal port") || message.contains("free port")) {
                return "reprise.cluster.internal-port";
            }
            return "reprise.cluster.enabled";
        }
    }

    /**
     * Whether the embedded engine runs as a cluster node: with {@code reprise.store.type: postgres} unless
     * {@code reprise.cluster.enabled} is false. SQLite and memory never do ({@link RepriseOptionsValidator} refuses
     * {@code reprise.cluster.enabled: true} with them).
     */
    static boolean isClusterMode(PropertyResolver environment) {
        // Read as text: a value that is no boolean is left to the binder, whose message names it.
        return "postgres".equalsIgnoreCase(environment.getProperty("reprise.store.type"))
                && !"false".equalsIgnoreCase(environment.getProperty("reprise.cluster.enabled"));
    }

    /** Matches when {@link #isClusterMode}. */
    static final class OnClusterMode extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isClusterMode(context.getEnvironment())
                    ? ConditionOutcome.match("reprise.store.type is postgres and reprise.cluster.enabled is not false")
                    : ConditionOutcome.noMatch("not a cluster node (reprise.store.type, reprise.cluster.enabled)");
        }
    }

    /** Matches unless {@link #isClusterMode}. */
    static final class OnSingleEngine extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isClusterMode(context.getEnvironment())
                    ? ConditionOutcome.noMatch("the engine runs as a cluster node")
                    : ConditionOutcome.match("the engine runs alone (reprise.store.type, reprise.cluster.enabled)");
        }
    }
}
