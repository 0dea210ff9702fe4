package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.spring.boot.autoconfigure.RepriseProperties;
import io.reprise.spring.boot.diagnostics.KnownProperties;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** A reprise.* key that binds to nothing is reported with its origin and the nearest valid key. */
class UnknownPropertiesTests {

    private static final KnownProperties KNOWN = KnownProperties.of("reprise", RepriseProperties.class);

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ io.reprise.spring.boot.autoconfigure.RepriseEngineAutoConfiguration.class,
            io.reprise.spring.boot.autoconfigure.RepriseClientAutoConfiguration.class,
            io.reprise.spring.boot.autoconfigure.RepriseWorkerAutoConfiguration.class })
    static class Application {
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void eachMisspelledKeyIsWarnedAboutWithWhereItComesFromAndTheNearestKey(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = application.run("--spring.config.name=unknown-properties",
                "--reprise.namespce=billing")) {
            assertThat(context.getBean(RepriseProperties.class).getWorkerDefaults().getWorkflowPollers())
                    .as("the misspelled key is ignored").isEqualTo(2);
        }
        String resource = "class path resource [unknown-properties.yml]";
        assertThat(output)
                .contains("WARN")
                .contains("Unknown property reprise.worker-defaults.workflow-poller, set in " + resource + " - 4:22, "
                        + "is ignored: Reprise has no such property. Did you mean "
                        + "reprise.worker-defaults.workflow-pollers?")
                .contains("Unknown property reprise.workers.orders.max-concurrent-activitys, set in " + resource
                        + " - 8:33, is ignored: Reprise has no such property. Did you mean "
                        + "reprise.workers.orders.max-concurrent-activities?")
                .contains("Unknown property reprise.activities.Compose.retry.maximum-atempts, set in " + resource
                        + " - 14:26, is ignored: Reprise has no such property. Did you mean "
                        + "reprise.activities.Compose.retry.maximum-attempts?")
                .contains("Unknown property reprise.engine.namespaces.billing.descripton, set in " + resource
                        + " - 19:21, is ignored: Reprise has no such property. Did you mean "
                        + "reprise.engine.namespaces.billing.description?")
                .contains("Unknown property reprise.namespce, set in \"reprise.namespce\" from property source "
                        + "\"commandLineArgs\", is ignored: Reprise has no such property. Did you mean "
                        + "reprise.namespace?");
        // Map keys (orders, Compose, billing), list indexes and the valid keys around the typos are not reported.
        assertThat(output.toString().split("Unknown property ", -1)).hasSize(6);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theTestKitsTransportIsKnownAsASystemPropertyAndAnywhereElseWarnedAboutWithTheFix(CapturedOutput output) {
        String before = System.getProperty("reprise.test.transport");
        System.setProperty("reprise.test.transport", "embedded");
        try {
            SpringApplication application = new SpringApplication(Application.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            try (ConfigurableApplicationContext context = application.run("--reprise.test.transport=grpc",
                    "--reprise.namespce=billing")) {
                assertThat(context.getEnvironment().getProperty("reprise.test.transport")).isEqualTo("grpc");
            }
        } finally {
            if (before == null) {
                System.clearProperty("reprise.test.transport");
            } else {
                System.setProperty("reprise.test.transport", before);
            }
        }
        assertThat(output)
                .contains("Property reprise.test.transport, set in \"reprise.test.transport\" from property source"
                        + " \"commandLineArgs\", is ignored: the test kit reads it from the JVM's system properties"
                        + " only. Pass -Dreprise.test.transport=grpc to the test JVM instead (with Maven: Surefire's"
                        + " systemPropertyVariables).")
                .contains("Unknown property reprise.namespce");
        // Once, for the command line: the system property is the test kit's, not a typo.
        assertThat(output.toString().split("reprise.test.transport, set in", -1)).hasSize(2);
        assertThat(output).doesNotContain("from property source \"systemProperties\"");
    }

    @Test
    void mapKeysAreFreeAndTheKeysBelowThemAreChecked() {
        assertThat(nearest("reprise.workers.orders.workflow-pollers")).isEmpty();
        assertThat(nearest("reprise.workers[orders.v2].workflow-pollers")).isEmpty();
        assertThat(nearest("reprise.activities.ChargeCard.retry.non-retryable-error-types[0]")).isEmpty();
        assertThat(nearest("reprise.activities.ChargeCard.retry.non-retryable-error-types")).isEmpty();
        assertThat(nearest("reprise.engine.namespaces.billing.retention")).isEmpty();
        assertThat(nearest("reprise.workers")).as("an empty map in YAML").isEmpty();
        assertThat(nearest("management.health.reprise.enabled")).as("not under reprise").isEmpty();
        assertThat(nearest("reprise.workers.enabled")).as("the switch of all workers").isEmpty();
        assertThat(nearest("reprise.server.grpc.auth.tokens.web-tier.roles.write[0]")).isEmpty();
        assertThat(nearest("reprise.server.grpc.auth.tokens.web-tier.token-sha256")).isEmpty();
        assertThat(nearest("reprise.engine.remote.tls.trust-certificates")).isEmpty();
        assertThat(nearest("reprise.server.grpc.tls.client-auth")).isEmpty();
        assertThat(nearest("reprise.server.grpc.auth.tokens.web-tier.token-sha265")).contains(
                "reprise.server.grpc.auth.tokens.web-tier.token-sha256");
        assertThat(nearest("reprise.engine.remote.api-token")).contains("reprise.engine.remote.api-key");

        assertThat(nearest("reprise.workers.orders.workflow-poller")).contains("reprise.workers.orders.workflow-pollers");
        assertThat(nearest("reprise.workers[orders.v2].pollers"))
                .contains("reprise.workers[orders.v2].workflow-pollers");
        assertThat(nearest("reprise.activity.Compose.start-to-close-timeout"))
                .contains("reprise.activities.Compose.start-to-close-timeout");
    }

    @Test
    void relaxedSpellingsOfKnownKeysAreKnown() {
        assertThat(nearest("reprise.workerDefaults.workflowPollers")).isEmpty();
        assertThat(nearest("reprise.worker_defaults.workflow_pollers")).isEmpty();
        assertThat(nearest("reprise.store.type")).isEmpty();
    }

    @Test
    void aKeyBelowAValueSuggestsTheValue() {
        assertThat(nearest("reprise.store.type.name")).contains("reprise.store.type");
        assertThat(nearest("reprise.activity-defaults.retry.maximum-attempts[0]"))
                .contains("reprise.activity-defaults.retry.maximum-attempts");
    }

    private static Optional<String> nearest(String name) {
        return KNOWN.nearestIfUnknown(ConfigurationPropertyName.adapt(name, '.'));
    }
}
