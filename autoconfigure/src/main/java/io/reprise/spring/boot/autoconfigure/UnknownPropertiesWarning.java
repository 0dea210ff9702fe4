package io.reprise.spring.boot.autoconfigure;

import io.reprise.spring.boot.diagnostics.KnownProperties;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Logs a warning for each {@code reprise.*} key that binds to no property of
 * {@link RepriseProperties} (a typo the binder would silently ignore), with where it comes from
 * and the nearest valid key. Map keys (Task Queues under {@code reprise.workers}, Activity Types
 * under {@code reprise.activities}, namespaces under {@code reprise.engine.namespaces}) are free;
 * the keys below them are checked.
 *
 * <p>Runs once the configuration files are read, before the context starts, so the warning comes
 * before any startup failure the typo causes. Environment variables are not checked: their names
 * map to keys ambiguously ({@code REPRISE_WORKER_DEFAULTS_...}).
 */
public class UnknownPropertiesWarning implements EnvironmentPostProcessor {

    private static final KnownProperties KNOWN = KnownProperties.of("reprise", RepriseProperties.class);

    private final Log log;

    /** Spring Boot passes the factory of logs that are written once logging is set up. */
    public UnknownPropertiesWarning(DeferredLogFactory logs) {
        this.log = logs.getLog(UnknownPropertiesWarning.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource
                    || !(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream().filter(KNOWN::covers).forEach(name -> {
                Optional<String> nearest = KNOWN.nearestIfUnknown(name);
                nearest.ifPresent(known -> log.warn(message(name, source.getConfigurationProperty(name), known)));
            });
        }
    }

    static String message(ConfigurationPropertyName name, ConfigurationProperty property, String nearest) {
        String origin = property != null && property.getOrigin() != null ? ", set in " + property.getOrigin() + ","
                : "";
        return "Unknown property " + KnownProperties.display(name) + origin + " is ignored: Reprise has no such "
                + "property. Did you mean " + nearest + "?";
    }
}
