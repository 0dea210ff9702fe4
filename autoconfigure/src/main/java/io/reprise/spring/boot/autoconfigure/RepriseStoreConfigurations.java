package io.reprise.spring.boot.autoconfigure;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.SqliteOptions;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The stores of the embedded engine, one per {@code reprise.store.type}. Each is closed with
 * the context (the engine closes it too; closing twice is harmless), which releases the SQLite
 * file lock even when the engine itself failed to start.
 */
final class RepriseStoreConfigurations {

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
