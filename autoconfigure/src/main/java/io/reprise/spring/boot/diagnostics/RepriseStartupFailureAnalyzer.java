package io.reprise.spring.boot.diagnostics;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
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
        if (propertyName == null || environment == null
                || !ConfigurationPropertyName.isValid(propertyName)) {
            return null;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(propertyName);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                Origin origin = property.getOrigin();
                return origin != null ? origin.toString() : null;
            }
        }
        return null;
    }
}
