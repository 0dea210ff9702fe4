package io.reprise.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class WorkflowClientOptionsTest {

    @Test
    void theDefaultIdentityIsTheProcessAsTheJvmsRuntimeBeanNamesIt() {
        String identity = WorkflowClientOptions.newBuilder().build().getIdentity();

        assertThat(identity).isEqualTo(ManagementFactory.getRuntimeMXBean().getName())
                .startsWith(ProcessHandle.current().pid() + "@");
    }

    @Test
    void anIdentitySetReplacesTheDefault() {
        assertThat(WorkflowClientOptions.newBuilder().setIdentity("billing-7").build().getIdentity())
                .isEqualTo("billing-7");
    }
}
