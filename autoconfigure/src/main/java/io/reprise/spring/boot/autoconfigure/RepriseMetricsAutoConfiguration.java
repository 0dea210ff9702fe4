package io.reprise.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.reprise.spring.boot.metrics.MicrometerRepriseMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the engine and the workers ({@code reprise.*}), when the application has a
 * {@link MeterRegistry} (Spring Boot Actuator makes one; the starter brings the Prometheus
 * registry, so they are scraped at {@code /actuator/prometheus}). The engine and the worker factory
 * report to the {@link MicrometerRepriseMetrics} bean; define your own bean of that type to change
 * what is recorded.
 */
@AutoConfiguration(before = { RepriseEngineAutoConfiguration.class, RepriseWorkerAutoConfiguration.class },
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class RepriseMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MicrometerRepriseMetrics repriseMicrometerMetrics(MeterRegistry registry) {
        return new MicrometerRepriseMetrics(registry);
    }
}
