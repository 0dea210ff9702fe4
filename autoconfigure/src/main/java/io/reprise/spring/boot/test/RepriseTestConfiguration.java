package io.reprise.spring.boot.test;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowClientOptions;
import io.reprise.common.ContextPropagator;
import io.reprise.common.DataConverter;
import io.reprise.engine.EngineMetricsListener;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.spring.boot.autoconfigure.RepriseProperties;
import io.reprise.testing.TestEnvironmentOptions;
import io.reprise.testing.TestWorkflowEnvironment;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerFactoryOptions;
import io.reprise.worker.WorkerMetricsListener;
import java.util.HashSet;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Replaces the embedded engine, the client and the worker factory by those of a
 * {@link TestWorkflowEnvironment}: an in-memory store, a test clock that runs at real-time pace,
 * and a client that skips time while it waits for results. Imported by
 * {@link RepriseTest @RepriseTest}; the auto-configured beans back off because these exist. The
 * workers, their options and the application's implementations are set up as in production.
 *
 * <p>The environment chooses its transport from the system property {@code reprise.test.transport}: with
 * {@code grpc} its engine sits behind a gRPC server on a loopback port (an ephemeral one) and the client, hence the
 * workers, is a remote client to it; the {@link EngineService} bean stays the engine itself, for inspection, as
 * {@link TestWorkflowEnvironment#getEngineService()} is.
 */
@Configuration(proxyBeanMethods = false)
public class RepriseTestConfiguration {

    @Bean
    TestWorkflowEnvironment repriseTestWorkflowEnvironment(RepriseProperties properties,
            DataConverter dataConverter, ObjectProvider<EngineMetricsListener> engineMetrics,
            ObjectProvider<WorkerMetricsListener> workerMetrics, ObjectProvider<ContextPropagator> contextPropagators) {
        TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setClientOptions(WorkflowClientOptions.newBuilder()
                        .setNamespace(properties.getNamespace())
                        .setDataConverter(dataConverter)
                        .setContextPropagators(contextPropagators.orderedStream().toList())
                        .build())
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                        .setWorkflowCacheSize(properties.getWorkflowCacheSize())
                        .setMetricsListener(workerMetrics.getIfUnique(() -> WorkerMetricsListener.NOOP))
                        .build())
                .setEngineMetricsListener(engineMetrics.getIfUnique(() -> EngineMetricsListener.NOOP))
                .build());
        // The configured namespaces, as the embedded engine would have them.
        Set<String> registered = new HashSet<>();
        environment.getEngineService().listNamespaces().forEach(namespace -> registered.add(namespace.name()));
        properties.getEngine().getNamespaces().forEach((name, namespace) -> {
            NamespaceConfig config = new NamespaceConfig(name, namespace.getDescription(), namespace.getRetention());
            if (registered.contains(name)) {
                environment.getEngineService().updateNamespace(config);
            } else {
                environment.getEngineService().registerNamespace(config);
            }
        });
        return environment;
    }

    // The environment owns these three and closes them: no destroy method of their own.

    @Bean(destroyMethod = "")
    EngineService repriseTestEngine(TestWorkflowEnvironment environment) {
        return environment.getEngineService();
    }

    @Bean(destroyMethod = "")
    WorkflowClient repriseTestWorkflowClient(TestWorkflowEnvironment environment) {
        return environment.getWorkflowClient();
    }

    @Bean(destroyMethod = "")
    WorkerFactory repriseTestWorkerFactory(TestWorkflowEnvironment environment) {
        return environment.getWorkerFactory();
    }
}
