package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.NamespaceDescription;
import io.reprise.engine.store.JdbcExecutionStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Engines sharing one store (cluster nodes on one schema): a namespace registered or updated through one is known to
 * the others, which read the store again for a name their cache misses.
 */
class NamespacesAcrossEnginesTest {

    final JdbcExecutionStore store = JdbcExecutionStore.sqliteInMemory();
    final Engine nodeA = Engine.builder().store(store).build();
    final Engine nodeB = Engine.builder().store(store).build();

    @AfterEach
    void stop() {
        nodeB.close();
        nodeA.close();
    }

    @Test
    void aNamespaceRegisteredOnOneEngineIsDescribedAndUsableOnAnother() {
        NamespaceDescription registered = nodeA.registerNamespace(NamespaceConfig.of("billing")
                .withRetention(Duration.ofDays(30)));

        assertThat(nodeB.describeNamespace("billing")).isEqualTo(registered);
        assertThat(nodeB.listExecutions(new ListExecutionsRequest("billing", null, 10, null,
                null)).executions()).isEmpty();
    }

    @Test
    void aNamespaceUpdatedOnAnotherEngineIsUpdatedFromTheStore() {
        nodeA.registerNamespace(NamespaceConfig.of("billing"));

        NamespaceDescription updated = nodeB.updateNamespace(NamespaceConfig.of("billing")
                .withDescription("Invoices"));

        assertThat(updated.description()).isEqualTo("Invoices");
        assertThat(nodeB.listNamespaces()).extracting(NamespaceDescription::name).containsExactly("billing",
                "default");
    }
}
