package io.reprise.spring.boot.autoconfigure;

import io.reprise.client.WorkflowClient;
import io.reprise.spring.boot.RepriseWorkerOptionsCustomizer;
import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import io.reprise.spring.boot.worker.WorkerRegistrar;
import io.reprise.spring.boot.worker.WorkersLifecycle;
import io.reprise.spring.boot.worker.WorkflowImplScopePostProcessor;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerFactoryOptions;
import io.reprise.worker.WorkerMetricsListener;
import io.reprise.worker.WorkerOptions;
import io.reprise.worker.WorkflowImplementationOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The workers: one per Task Queue named by the {@code @WorkflowImpl}/{@code @ActivityImpl}
 * beans, with options from {@code reprise.worker-defaults}, {@code reprise.workers.<queue>} and
 * the {@link RepriseWorkerOptionsCustomizer} beans, and activity options from
 * {@code reprise.activity-defaults} and {@code reprise.activities.<type>}. They start after the
 * context is refreshed and drain when it closes. {@code reprise.workers.enabled: false} runs none (a client-only
 * application: it starts workflows and reads their results, and other processes run them).
 */
@AutoConfiguration(after = RepriseClientAutoConfiguration.class)
@EnableConfigurationProperties(RepriseProperties.class)
@Import(RepriseWorkerAutoConfiguration.Workers.class)
public class RepriseWorkerAutoConfiguration {

    @Bean
    static WorkflowImplScopePostProcessor repriseWorkflowImplScopePostProcessor() {
        return new WorkflowImplScopePostProcessor();
    }

    @Bean
    static ConfigurationPropertiesBindHandlerAdvisor repriseWorkersSwitch() {
        return new WorkersSwitch();
    }

    @Bean
    @ConditionalOnMissingBean
    WorkflowImplementationOptions repriseWorkflowImplementationOptions(RepriseProperties properties) {
        return CoreOptions.workflowImplementationOptions(properties);
    }

    /** The workers, unless {@code reprise.workers.enabled} is false. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "reprise.workers", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class Workers {

        @Bean(destroyMethod = "shutdown")
        @ConditionalOnMissingBean
        WorkerFactory repriseWorkerFactory(WorkflowClient client, RepriseProperties properties,
                ObjectProvider<WorkerMetricsListener> metrics) {
            return WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
                    .setWorkflowCacheSize(properties.getWorkflowCacheSize())
                    .setMetricsListener(metrics.getIfUnique(() -> WorkerMetricsListener.NOOP))
                    .build());
        }

        @Bean
        @ConditionalOnMissingBean
        WorkerRegistrar repriseWorkerRegistrar(ConfigurableListableBeanFactory beanFactory, Environment environment,
                WorkerFactory workerFactory, WorkflowImplementationOptions implementationOptions,
                RepriseProperties properties, ObjectProvider<RepriseWorkerOptionsCustomizer> customizers) {
            return new WorkerRegistrar(beanFactory, environment, workerFactory, implementationOptions,
                    taskQueue -> workerOptions(taskQueue, properties, customizers), properties.getDefaultTaskQueue(),
                    new WorkerRegistrar.Configured(properties.getWorkers().keySet(), properties.getActivities().keySet()));
        }

        @Bean
        @ConditionalOnMissingBean
        WorkersLifecycle repriseWorkersLifecycle(WorkerFactory workerFactory) {
            return new WorkersLifecycle(workerFactory);
        }

        private static WorkerOptions workerOptions(String taskQueue, RepriseProperties properties,
                ObjectProvider<RepriseWorkerOptionsCustomizer> customizers) {
            WorkerOptions.Builder builder = CoreOptions.workerOptions(properties, taskQueue);
            customizers.orderedStream().forEach(customizer -> customizer.customize(taskQueue, builder));
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw RepriseStartupException.invalidWorkerOptions(taskQueue, e);
            }
        }
    }
}
