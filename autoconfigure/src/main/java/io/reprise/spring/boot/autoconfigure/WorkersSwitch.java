package io.reprise.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Keeps {@code reprise.workers.enabled} out of {@link RepriseProperties#getWorkers()}: under
 * {@code reprise.workers} every other key is a Task Queue, but {@code enabled} is the switch of all workers, read by
 * the workers' auto-configuration. Without this the binder would try to make a worker's options of
 * {@code false}.
 */
final class WorkersSwitch implements ConfigurationPropertiesBindHandlerAdvisor {

    static final ConfigurationPropertyName NAME = ConfigurationPropertyName.of("reprise.workers.enabled");

    @Override
    public BindHandler apply(BindHandler handler) {
        return new AbstractBindHandler(handler) {
            @Override
            public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
                return NAME.equals(name) ? null : super.onStart(name, target, context);
            }
        };
    }
}
