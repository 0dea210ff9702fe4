package io.reprise.spring.boot.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ViewResolver;

/**
 * The UI is absent unless enabled, and enabling it adds its own beans and nothing else to the application's web
 * set-up: no view resolver, message converter, handler mapping, CORS or security configuration.
 */
class RepriseUiAutoConfigurationTests {

    private static ConfigurableApplicationContext start(WebApplicationType type, String... properties) {
        return new SpringApplicationBuilder(UiApplication.class).web(type)
                .properties("server.port=0", "reprise.store.type=memory", "spring.main.banner-mode=off")
                .properties(properties).run();
    }

    private static Set<String> beanNames(ConfigurableApplicationContext context) {
        return new TreeSet<>(Set.of(context.getBeanDefinitionNames()));
    }

    @Test
    void enablingTheUiAddsOnlyItsControllerAndItsConfiguration() {
        Set<String> off;
        Set<String> on;
        int viewResolversOff;
        int convertersOff;
        int mappingsOff;
        try (ConfigurableApplicationContext context = start(WebApplicationType.SERVLET)) {
            off = beanNames(context);
            viewResolversOff = context.getBeansOfType(ViewResolver.class).size();
            convertersOff = context.getBeansOfType(HttpMessageConverter.class).size();
            mappingsOff = context.getBeansOfType(HandlerMapping.class).size();
            assertThat(context.getBeansOfType(RepriseUiController.class)).isEmpty();
        }
        try (ConfigurableApplicationContext context = start(WebApplicationType.SERVLET, "reprise.ui.enabled=true")) {
            on = beanNames(context);
            assertThat(context.getBeansOfType(ViewResolver.class)).hasSize(viewResolversOff);
            assertThat(context.getBeansOfType(HttpMessageConverter.class)).hasSize(convertersOff);
            assertThat(context.getBeansOfType(HandlerMapping.class)).hasSize(mappingsOff);
        }
        Set<String> added = new TreeSet<>(on);
        added.removeAll(off);
        Set<String> removed = new TreeSet<>(off);
        removed.removeAll(on);
        assertThat(added).containsExactly("io.reprise.spring.boot.ui.RepriseUiAutoConfiguration", "repriseUiController");
        assertThat(removed).isEmpty();
    }

    @Test
    void aNonWebApplicationGetsNoUiEvenWhenEnabled() {
        try (ConfigurableApplicationContext context = start(WebApplicationType.NONE, "reprise.ui.enabled=true")) {
            assertThat(context.getBeansOfType(RepriseUiController.class)).isEmpty();
        }
    }

    @Test
    void aBadPathStopsTheApplicationNamingTheProperty() {
        assertThatThrownBy(() -> start(WebApplicationType.SERVLET, "reprise.ui.enabled=true", "reprise.ui.path=reprise/"))
                .rootCause()
                .hasMessageContaining("Invalid value for reprise.ui.path: \"reprise/\". It must be a path of one or more "
                        + "segments");
    }
}
