package io.reprise.spring.boot.test;

import io.reprise.client.WorkflowClient;
import io.reprise.common.DataConverter;
import io.reprise.spring.boot.worker.WorkerRegistrar;
import io.reprise.testing.WorkflowReplayer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * A {@link WorkflowReplayer} that builds workflow objects and their options exactly as the
 * application's workers do: each {@code @WorkflowImpl} bean from the bean factory (constructor
 * injection included), the application's {@code WorkflowImplementationOptions} (activity options
 * from {@code reprise.activity-defaults} and {@code reprise.activities.<type>}) and its
 * data converter (its {@code WorkflowClient}'s {@link DataConverter}). Imported by {@link RepriseTest @RepriseTest}; import it into any other
 * Spring Boot test to replay there.
 *
 * <pre>{@code
 * @Autowired WorkflowReplayer replayer;
 *
 * @Test
 * void order42ReplaysWithTodaysCode() throws IOException {
 *     replayer.replay(Path.of("src/test/resources/histories/order-42.json"));
 * }
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
public class RepriseReplayerConfiguration {

    /** Built on first use, once every {@code @WorkflowImpl} bean definition is known. */
    @Bean
    @Lazy
    WorkflowReplayer repriseWorkflowReplayer(WorkerRegistrar registrar, WorkflowClient client) {
        // The workers decode payloads with their client's converter.
        WorkflowReplayer.Builder builder = WorkflowReplayer.newBuilder()
                .setDataConverter(client.getOptions().getDataConverter());
        registrar.registerWorkflowImplementations(builder);
        return builder.build();
    }
}
