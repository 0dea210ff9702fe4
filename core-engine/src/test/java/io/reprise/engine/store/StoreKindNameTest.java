package io.reprise.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store names its kind as the Spring Boot property {@code reprise.store.type} does (for getServerInfo). */
class StoreKindNameTest {

    @Test
    void sqliteStoresNameTheirKindAsTheStoreTypeProperty(@TempDir Path directory) {
        try (JdbcExecutionStore file = JdbcExecutionStore.sqliteFile(directory.resolve("reprise.db"));
                JdbcExecutionStore memory = JdbcExecutionStore.sqliteInMemory()) {
            assertThat(file.kind()).isEqualTo("sqlite");
            assertThat(memory.kind()).isEqualTo("memory");
        }
    }
}
