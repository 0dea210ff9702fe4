package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The system property {@value TestTransport#PROPERTY} chooses how the test kit's client reaches its engine. */
class TestTransportTest {

    private final String before = System.getProperty(TestTransport.PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(TestTransport.PROPERTY);
        } else {
            System.setProperty(TestTransport.PROPERTY, before);
        }
    }

    @Test
    void grpcPutsALoopbackServerAndClientBetweenTheSdkAndTheEngine() {
        System.setProperty(TestTransport.PROPERTY, "grpc");

        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            assertThat(env.getWorkflowClient().getEngineService().toString())
                    .startsWith("TimeSkippingEngineService(GrpcEngineService[127.0.0.1:");
            assertThat(env.getEngineService()).isInstanceOf(io.reprise.engine.Engine.class);
        }
    }

    @Test
    void embeddedCallsTheEngineDirectly() {
        System.setProperty(TestTransport.PROPERTY, "embedded");

        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            assertThat(env.getWorkflowClient().getEngineService().toString())
                    .startsWith("TimeSkippingEngineService(io.reprise.engine.Engine@");
        }
    }

    @Test
    void anUnknownTransportIsRefusedNamingTheChoices() {
        System.setProperty(TestTransport.PROPERTY, "carrier-pigeon");

        assertThatThrownBy(TestWorkflowEnvironment::newInstance).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("System property reprise.test.transport=carrier-pigeon names no transport; use embedded"
                        + " (the default) or grpc");
    }
}
