package io.reprise.spring.boot.autoconfigure;

import io.reprise.client.WorkflowClient;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.HealthProbe;
import io.reprise.spring.boot.actuate.RepriseEndpoint;
import io.reprise.spring.boot.actuate.RepriseHealthIndicator;
import io.reprise.transport.grpc.GrpcEngineService;
import io.reprise.transport.grpc.cluster.ClusterEngineNode;
import io.reprise.worker.WorkerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Spring Boot Actuator support, when Actuator is on the class path: the {@code reprise} health
 * indicator ({@code management.health.reprise.enabled}) and the {@code reprise} endpoint (exposed
 * over HTTP only when {@code management.endpoints.web.exposure.include} names it).
 */
@AutoConfiguration(after = RepriseWorkerAutoConfiguration.class)
@Import({ RepriseActuatorAutoConfiguration.Health.class, RepriseActuatorAutoConfiguration.ExecutionsEndpoint.class })
public class RepriseActuatorAutoConfiguration {

    /** The {@code reprise} health indicator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("reprise")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "repriseHealthIndicator")
        RepriseHealthIndicator repriseHealthIndicator(ObjectProvider<EngineService> engine,
                ObjectProvider<WorkerFactory> workerFactory, ObjectProvider<ClusterEngineNode> clusterNode) {
            // Asked of the EngineService bean itself: whichever engine backs it (embedded, a test
            // environment's), its store is checked if it can tell.
            EngineService service = engine.getIfUnique();
            HealthProbe probe = service instanceof HealthProbe healthProbe ? healthProbe : null;
            // A remote engine's probe asks whether the engine answers; its store is its own health's to check.
            return new RepriseHealthIndicator(probe, service instanceof GrpcEngineService ? "engine" : "store",
                    workerFactory.getIfUnique(), clusterNode.getIfUnique());
        }
    }

    /** The {@code reprise} endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(RepriseEndpoint.class)
    static class ExecutionsEndpoint {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(WorkflowClient.class)
        RepriseEndpoint repriseEndpoint(WorkflowClient client) {
            return new RepriseEndpoint(client);
        }
    }
}
