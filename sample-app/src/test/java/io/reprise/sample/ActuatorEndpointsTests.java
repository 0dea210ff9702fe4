package io.reprise.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.reprise.client.WorkflowClient;
import io.reprise.sample.order.OrderResult;
import io.reprise.spring.boot.test.RepriseTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The sample exposes health, prometheus and reprise, as its application.yml says. */
@RepriseTest(properties = "sample.activity-delay=10ms")
@AutoConfigureMockMvc
class ActuatorEndpointsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    WorkflowClient client;

    @Test
    void healthMetricsAndExecutionsOfACompletedOrder() throws Exception {
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("""
                {"orderId": "a-1", "customerId": "c-1", "amount": 10, "items": [{"sku": "book", "quantity": 1}]}"""))
                .andExpect(status().isAccepted());
        client.newUntypedWorkflowStub("order-a-1").getResult(Duration.ofSeconds(20), OrderResult.class);

        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.reprise.status").value("UP"))
                .andExpect(jsonPath("$.components.reprise.details.workers.orders.state").value("RUNNING"));
        String prometheus = mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(prometheus).contains("reprise_workflow_completed_total{namespace=\"default\",task_queue=\"orders\","
                + "workflow_type=\"OrderWorkflow\"} 1.0");
        mvc.perform(get("/actuator/reprise/order-a-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("COMPLETED"));
        mvc.perform(get("/actuator/reprise/order-a-1/history"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.workflowId").value("order-a-1"))
                .andExpect(jsonPath("$.events[0].eventType").value("WorkflowExecutionStarted"));
    }
}
