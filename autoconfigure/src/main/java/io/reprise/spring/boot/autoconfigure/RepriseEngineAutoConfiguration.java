package io.reprise.spring.boot.autoconfigure;

import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.NamespaceConfig;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The engine embedded in the application ({@code reprise.engine.mode: embedded}, the default) on
 * the store chosen by {@code reprise.store.type}: alone, or on PostgreSQL as a node of a cluster
 * ({@code reprise.cluster.*}, {@link RepriseEngineConfigurations}), with the namespaces of
 * {@code reprise.engine.namespaces} and {@code reprise.namespace} registered (or updated) before it
 * starts sweeping closed executions past their retention. Backs off when the application defines its own
 * {@link EngineService}. The engine is closed with the context, after the workers have drained.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "reprise.engine", name = "mode", havingValue = "embedded", matchIfMissing = true)
@ConditionalOnMissingBean(EngineService.class)
@EnableConfigurationProperties(RepriseProperties.class)
@Import({ RepriseStoreConfigurations.SqliteFile.class, RepriseStoreConfigurations.InMemory.class,
        RepriseStoreConfigurations.Postgres.class, RepriseStoreConfigurations.Unsupported.class,
        RepriseEngineConfigurations.SingleEngine.class, RepriseEngineConfigurations.ClusterNode.class })
public class RepriseEngineAutoConfiguration {

    /** The namespaces of reprise.engine.namespaces, and reprise.namespace if they do not name it. */
    static List<NamespaceConfig> namespaces(RepriseProperties properties) {
        List<NamespaceConfig> namespaces = new ArrayList<>();
        properties.getEngine().getNamespaces().forEach((name, namespace) ->
                namespaces.add(new NamespaceConfig(name, namespace.getDescription(), namespace.getRetention())));
        if (!properties.getEngine().getNamespaces().containsKey(properties.getNamespace())) {
            namespaces.add(NamespaceConfig.of(properties.getNamespace()));
        }
        return namespaces;
    }
}
