package io.reprise.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.WorkflowHistory;
import io.reprise.spring.boot.test.RepriseTest;
import io.reprise.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Histories exported from the running sample ({@code curl localhost:8080/actuator/reprise/order-42/history})
 * replay against today's {@code OrderWorkflowImpl}: a change that would break orders in flight fails
 * here before it is deployed. The replayer builds the workflow as the application does (constructor
 * injection, activity options from application.yml). The files in {@code src/test/resources/histories}
 * are: order-42 completed, order-43 canceled while packing (its compensations ran), order-44 failed
 * with a declined card. Re-export them only when a change is meant to be incompatible (and version it
 * with {@code Workflow.getVersion} so that the orders in flight keep the old path).
 */
@RepriseTest
class OrderHistoriesReplayTests {

    private static final Path HISTORIES = Path.of("src/test/resources/histories");

    @Autowired
    WorkflowReplayer replayer;

    static Stream<Path> exportedHistories() throws IOException {
        try (Stream<Path> files = Files.list(HISTORIES)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("exportedHistories")
    void anOrderExportedFromTheRunningSampleReplaysWithTodaysCode(Path history) throws IOException {
        assertThat(WorkflowHistory.fromJson(Files.readString(history)).workflowType()).isEqualTo("OrderWorkflow");

        replayer.replay(history);
    }

    /** The export format is a promise: reading an exported file and writing it again gives the same bytes. */
    @ParameterizedTest
    @MethodSource("exportedHistories")
    void anExportedHistoryIsWrittenBackExactlyAsItWasExported(Path history) throws IOException {
        String exported = Files.readString(history);

        assertThat(WorkflowHistory.fromJson(exported).toJson()).isEqualTo(exported);
    }

    @org.junit.jupiter.api.Test
    void everyOutcomeOfAnOrderIsCovered() throws IOException {
        assertThat(exportedHistories().map(path -> path.getFileName().toString()))
                .containsExactly("order-42.json", "order-43.json", "order-44.json");
    }
}
