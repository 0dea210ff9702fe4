package io.reprise.spring.boot.autoconfigure;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowClientOptions;
import io.reprise.client.WorkflowOptions;
import io.reprise.common.ContextPropagator;
import io.reprise.common.DataConverter;
import io.reprise.engine.api.EngineService;
import io.reprise.spring.boot.RepriseWorkflowOptionsFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The {@link WorkflowClient} (inject it anywhere to start workflows), its {@link DataConverter}, the application's
 * {@link ContextPropagator} beans (in their order) as its context propagators, and the
 * {@link RepriseWorkflowOptionsFactory} that presets WorkflowOptions from
 * {@code reprise.default-task-queue} and {@code reprise.workflow-defaults.*}.
 */
@AutoConfiguration(after = RepriseEngineAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(RepriseProperties.class)
@Import({ DataConverterConfigurations.ApplicationJsonMapper.class, DataConverterConfigurations.Default.class })
public class RepriseClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WorkflowClient repriseWorkflowClient(EngineService engine, DataConverter dataConverter,
            RepriseProperties properties, ObjectProvider<ContextPropagator> contextPropagators) {
        return WorkflowClient.newInstance(engine, WorkflowClientOptions.newBuilder()
                .setNamespace(properties.getNamespace())
                .setDataConverter(dataConverter)
                .setContextPropagators(contextPropagators.orderedStream().toList())
                .build());
    }

    @Bean
    @ConditionalOnMissingBean
    RepriseWorkflowOptionsFactory repriseWorkflowOptionsFactory(RepriseProperties properties) {
        RepriseProperties.WorkflowDefaults defaults = properties.getWorkflowDefaults();
        return new RepriseWorkflowOptionsFactory(WorkflowOptions.newBuilder()
                .setTaskQueue(properties.getDefaultTaskQueue())
                .setWorkflowExecutionTimeout(defaults.getExecutionTimeout())
                .setWorkflowRunTimeout(defaults.getRunTimeout())
                .setWorkflowTaskTimeout(defaults.getTaskTimeout())
                .build());
    }
}
