package io.reprise.spring.boot.autoconfigure;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.store.SqliteOptions;
import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * The stores of the embedded engine, one per {@code reprise.store.type}. Each is closed with
 * the context (the engine closes it too; closing twice is harmless), which releases the SQLite
 * file lock even when the engine itself failed to start.
 */
final class RepriseStoreConfigurations {

    private static final String TYPE_PROPERTY = "reprise.store.type";

    private RepriseStoreConfigurations() {
    }

    /** {@code reprise.store.type: sqlite} (the default): a SQLite file that survives restarts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "reprise.store", name = "type", havingValue = "sqlite", matchIfMissing = true)
    static class SqliteFile {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        ExecutionStore repriseExecutionStore(RepriseProperties properties) {
            RepriseProperties.Store store = properties.getStore();
            return JdbcExecutionStore.sqliteFile(Path.of(store.getPath()),
                    SqliteOptions.builder().synchronous(store.getSynchronous()).build());
        }
    }

    /**
     * {@code reprise.store.type: postgres} with {@code reprise.cluster.enabled: false}: PostgreSQL for an engine
     * that runs alone, on a connection of its own when {@code reprise.store.postgres.url} is set, otherwise on the
     * application's {@link DataSource}. In cluster mode (the default on PostgreSQL) the cluster node opens its store
     * itself ({@link RepriseEngineConfigurations.ClusterNode}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "reprise.store", name = "type", havingValue = "postgres")
    @ConditionalOnProperty(prefix = "reprise.cluster", name = "enabled", havingValue = "false")
    static class Postgres {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        ExecutionStore repriseExecutionStore(RepriseProperties properties, ObjectProvider<DataSource> dataSources) {
            return JdbcExecutionStore.postgres(dataSource(properties, dataSources), options(properties));
        }

        /** The database of reprise.store.postgres.*: its URL when set, otherwise the application's DataSource. */
        static DataSource dataSource(RepriseProperties properties, ObjectProvider<DataSource> dataSources) {
            RepriseProperties.Store.Postgres postgres = properties.getStore().getPostgres();
            return postgres.getUrl() != null ? ownDataSource(postgres)
                    : dataSources.getIfAvailable(() -> {
                        throw RepriseStartupException.noPostgresDataSource();
                    });
        }

        /** The schema and store options of reprise.store.postgres.*. */
        static PostgresOptions options(RepriseProperties properties) {
            RepriseProperties.Store.Postgres postgres = properties.getStore().getPostgres();
            return PostgresOptions.builder()
                    .schema(postgres.getSchema())
                    .migrate(postgres.isMigrate())
                    .readConnections(postgres.getReadConnections())
                    .build();
        }

        private static DataSource ownDataSource(RepriseProperties.Store.Postgres postgres) {
            if (!ClassUtils.isPresent("org.postgresql.ds.PGSimpleDataSource", Postgres.class.getClassLoader())) {
                throw RepriseStartupException.noPostgresDriver();
            }
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(postgres.getUrl());
            if (postgres.getUsername() != null) {
                dataSource.setUser(postgres.getUsername());
            }
            if (postgres.getPassword() != null) {
                dataSource.setPassword(postgres.getPassword());
            }
            return dataSource;
        }
    }

    /**
     * {@code reprise.store.type} with a value that has no store (a typo): the
     * startup fails naming the value and the supported types, instead of a missing bean.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnUnsupportedStoreType.class)
    static class Unsupported {

        @Bean
        @ConditionalOnMissingBean
        ExecutionStore repriseExecutionStore(Environment environment) {
            throw RepriseStartupException.unsupportedStoreType(environment.getProperty(TYPE_PROPERTY),
                    supportedTypes());
        }
    }

    /** Matches when reprise.store.type is set to a value that is none of {@link RepriseProperties.Store.Type}. */
    static final class OnUnsupportedStoreType extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String value = context.getEnvironment().getProperty(TYPE_PROPERTY);
            // Compared as @ConditionalOnProperty compares havingValue: ignoring case.
            if (value == null || supportedTypes().contains(value.toLowerCase(Locale.ROOT))) {
                return ConditionOutcome.noMatch(TYPE_PROPERTY + " is " + (value == null ? "not set" : value));
            }
            return ConditionOutcome.match(TYPE_PROPERTY + " is " + value + ", which has no store");
        }
    }

    /** The values of reprise.store.type, the default first: {@code [sqlite, memory, postgres]}. */
    static List<String> supportedTypes() {
        return Arrays.stream(RepriseProperties.Store.Type.values())
                .map(type -> type.name().toLowerCase(Locale.ROOT)).toList();
    }

    /** {@code reprise.store.type: memory}: nothing survives the application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "reprise.store", name = "type", havingValue = "memory")
    static class InMemory {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        ExecutionStore repriseExecutionStore() {
            return JdbcExecutionStore.sqliteInMemory();
        }
    }
}
