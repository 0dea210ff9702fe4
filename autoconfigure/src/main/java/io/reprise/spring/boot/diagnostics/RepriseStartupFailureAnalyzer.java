package io.reprise.spring.boot.diagnostics;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Reports a {@link RepriseStartupException} as "what is wrong" and "what to do". For a bad
 * configuration value it also says where the value came from (file and line), when known.
 */
public class RepriseStartupFailureAnalyzer extends AbstractFailureAnalyzer<RepriseStartupException> {

    private final Environment environment;

    /** Spring Boot passes the application's environment when it creates the analyzer. */
    public RepriseStartupFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RepriseStartupException cause) {
        String description = cause.getDescription();
        String origin = originOf(cause.getPropertyName());
        if (origin != null) {
            description += " (The value comes from " + origin + ".)";
        }
        return new FailureAnalysis(description, cause.getAction(), cause);
    }

    private String originOf(String propertyName) {
        if (propertyName == null || environment == null) {
            return null;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = find(source, propertyName);
            if (property != null) {
                Origin origin = property.getOrigin();
                return origin != null ? origin.toString() : null;
            }
        }
        return null;
    }

    /**
     * The property of {@code source} named {@code propertyName}. A name with a map key in upper
     * case ({@code reprise.activities.Compose.heartbeat-timeout}) is not a valid
     * {@link ConfigurationPropertyName}, and no single spelling of it matches every source, so
     * such names are compared element by element with the names the source holds, as the binder
     * finds map entries.
     */
    private static ConfigurationProperty find(ConfigurationPropertySource source, String propertyName) {
        if (ConfigurationPropertyName.isValid(propertyName)) {
            return source.getConfigurationProperty(ConfigurationPropertyName.of(propertyName));
        }
        if (!(source instanceof IterableConfigurationPropertySource iterable)) {
            return null;
        }
        String[] elements = propertyName.split("\\.");
        return iterable.stream().filter(name -> sameElements(name, elements)).findFirst()
                .map(source::getConfigurationProperty).orElse(null);
    }

    private static boolean sameElements(ConfigurationPropertyName name, String[] elements) {
        if (name.getNumberOfElements() != elements.length) {
            return false;
        }
        for (int i = 0; i < elements.length; i++) {
            if (!name.getElement(i, Form.ORIGINAL).equals(elements[i])
                    && !name.getElement(i, Form.UNIFORM).equals(KnownProperties.uniform(elements[i]))) {
                return false;
            }
        }
        return true;
    }
}
