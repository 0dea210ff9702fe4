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
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
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
 *
 * <p>{@code reprise.test.transport} is the test kit's system property ({@code TestWorkflowEnvironment} reads it, and
 * so {@code @RepriseTest}): known as a system property, and anywhere else warned about as the test kit never sees it.
 */
public class UnknownPropertiesWarning implements EnvironmentPostProcessor {

    private static final KnownProperties KNOWN = KnownProperties.of("reprise", RepriseProperties.class);

    private static final ConfigurationPropertyName TEST_TRANSPORT =
            ConfigurationPropertyName.of("reprise.test.transport");

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
            boolean systemProperties = source.getUnderlyingSource() instanceof PropertySource<?> propertySource
                    && StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(propertySource.getName());
            iterable.stream().filter(KNOWN::covers).forEach(name -> {
                if (TEST_TRANSPORT.equals(name)) {
                    if (!systemProperties) {
                        log.warn(testTransportMessage(source.getConfigurationProperty(name)));
                    }
                    return;
                }
                Optional<String> nearest = KNOWN.nearestIfUnknown(name);
                nearest.ifPresent(known -> log.warn(message(name, source.getConfigurationProperty(name), known)));
            });
        }
    }

    static String message(ConfigurationPropertyName name, ConfigurationProperty property, String nearest) {
        return "Unknown property " + KnownProperties.display(name) + origin(property) + " is ignored: Reprise has no"
                + " such property. Did you mean " + nearest + "?";
    }

    static String testTransportMessage(ConfigurationProperty property) {
        return "Property " + TEST_TRANSPORT + origin(property) + " is ignored: the test kit reads it from the JVM's"
                + " system properties only. Pass -D" + TEST_TRANSPORT + "=grpc to the test JVM instead (with Maven:"
                + " Surefire's systemPropertyVariables).";
    }

    private static String origin(ConfigurationProperty property) {
        return property != null && property.getOrigin() != null ? ", set in " + property.getOrigin() + "," : "";
    }
}
