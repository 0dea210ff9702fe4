package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.spring.boot.ActuatorApplication.ShipmentWorkflow;
import io.reprise.spring.boot.test.RepriseTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * After a workflow ran, {@code /actuator/prometheus} shows every Reprise meter family. The cache is
 * off, so the later Workflow Tasks are full replays (and cache misses).
 */
@RepriseTest(classes = ActuatorApplication.class, properties = {
        "reprise.activity-defaults.start-to-close-timeout=10s",
        "reprise.workflow-cache-size=0",
        "management.endpoints.web.exposure.include=health,prometheus,reprise" })
@AutoConfigureMockMvc
class RepriseMetricsTests {

    @Autowired
    WorkflowClient client;

    @Autowired
    MockMvc mvc;

    @Test
    void prometheusShowsEveryRepriseMeterFamilyAfterAWorkflowRan() throws Exception {
        String result = client.newWorkflowStub(ShipmentWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(ActuatorApplication.QUEUE).setWorkflowId("parcel-metrics").build()).ship("p1");
        assertThat(result).isEqualTo("booked p1 shipped");

        MvcResult response = mvc.perform(MockMvcRequestBuilders.get("/actuator/prometheus")).andReturn();
        assertThat(response.getResponse().getStatus()).isEqualTo(200);
        String body = response.getResponse().getContentAsString();

        String workflow = "namespace=\"default\",task_queue=\"shipments\",workflow_type=\"ShipmentWorkflow\"";
        String activity = "activity_type=\"Book\",namespace=\"default\",task_queue=\"shipments\"";
        String closed = "namespace=\"default\",status=\"COMPLETED\",task_queue=\"shipments\","
                + "workflow_type=\"ShipmentWorkflow\"";
        String failure = "activity_type=\"Book\",namespace=\"default\",reason=\"java.lang.IllegalStateException\","
                + "task_queue=\"shipments\"";
        assertThat(body).contains(
                "reprise_workflow_started_total{" + workflow + "} 1.0",
                "reprise_workflow_completed_total{" + workflow + "} 1.0",
                "reprise_workflow_failed_total{" + workflow + "} 0.0",
                "reprise_workflow_canceled_total{" + workflow + "} 0.0",
                "reprise_workflow_timed_out_total{" + workflow + "} 0.0",
                "reprise_workflow_endtoend_latency_seconds_count{" + closed + "} 1",
                "reprise_workflow_task_execution_latency_seconds_count{" + workflow + "} 3",
                "reprise_workflow_task_replay_latency_seconds_count{" + workflow + "} 2",
                "reprise_sticky_cache_hit_total{" + workflow + "} 0.0",
                "reprise_sticky_cache_miss_total{" + workflow + "} 2.0",
                "reprise_sticky_cache_size{namespace=\"default\"} 0.0",
                "reprise_activity_execution_latency_seconds_count{" + activity + "} 2",
                "reprise_activity_schedule_to_start_latency_seconds_count{" + activity + "} 2",
                "reprise_activity_failures_total{" + failure + "} 1.0",
                "reprise_worker_task_slots_available{kind=\"activity\",namespace=\"default\",task_queue=\"shipments\"}",
                "reprise_worker_task_slots_used{kind=\"workflow\",namespace=\"default\",task_queue=\"shipments\"}",
                "reprise_worker_poll_succeeded_total{kind=\"workflow\",namespace=\"default\",task_queue=\"shipments\"} 3.0",
                "reprise_worker_poll_succeeded_total{kind=\"activity\",namespace=\"default\",task_queue=\"shipments\"} 2.0",
                "reprise_worker_poll_empty_total{kind=\"activity\",namespace=\"default\",task_queue=\"shipments\"}");
    }
}
