package io.reprise.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.reprise.client.PendingActivityInfo;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowHistory;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.internal.mapping.HistoryDocument;
import io.reprise.sample.order.OrderResult;
import io.reprise.spring.boot.test.RepriseTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A cancellation that arrives while a service call runs: the call finishes, so the saga knows the
 * step happened and undoes it. Service calls take 2 s here (real time: the test clock does not
 * shorten an activity), long enough to cancel one in flight.
 */
@RepriseTest(properties = { "sample.activity-delay=2s", "sample.packing-time=1h" })
@AutoConfigureMockMvc
class OrderCanceledDuringAServiceCallTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    WorkflowClient client;

    @Test
    void aReservationInFlightFinishesAndIsReleasedBeforeTheCardIsRefunded() throws Exception {
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("""
                {"orderId": "o-busy", "customerId": "c-1", "amount": 15, "items": [{"sku": "lamp", "quantity": 1}]}"""))
                .andExpect(status().isAccepted());
        awaitStarted("order-o-busy", "ReserveInventory");

        mvc.perform(post("/orders/o-busy/cancel")).andExpect(status().isAccepted());

        assertThatThrownBy(() -> client.newUntypedWorkflowStub("order-o-busy")
                .getResult(Duration.ofSeconds(30), OrderResult.class))
                .isInstanceOfSatisfying(WorkflowFailedException.class,
                        e -> assertThat(e.getStatus()).isEqualTo(WorkflowExecutionStatus.CANCELED));
        mvc.perform(get("/orders/o-busy"))
                .andExpect(jsonPath("$.status").value("CANCELED"))
                .andExpect(jsonPath("$.currentStep").value("CANCELED"));
        List<HistoryEvent> events = engineEvents(client.fetchHistory("order-o-busy"));
        assertThat(completedActivities(events))
                .containsExactly("ChargeCard", "ReserveInventory", "ReleaseInventory", "Refund");
        assertThat(events).map(HistoryEvent::eventType)
                .contains(EventType.WorkflowExecutionCancelRequested, EventType.ActivityTaskCancelRequested)
                .doesNotContain(EventType.TimerFired)
                .last().isEqualTo(EventType.WorkflowExecutionCanceled);
    }

    private void awaitStarted(String workflowId, String activityType) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (client.describe(workflowId).pendingActivities().stream()
                .noneMatch(a -> a.activityType().equals(activityType)
                        && a.state() == PendingActivityInfo.State.STARTED)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(activityType + " of " + workflowId + " never started; pending: "
                        + client.describe(workflowId).pendingActivities().stream()
                                .map(PendingActivityInfo::activityType).toList());
            }
            Thread.sleep(5);
        }
    }

    /** The Activity Types of the completed activities, in the order they completed. */
    private static List<String> completedActivities(List<HistoryEvent> events) {
        return events.stream()
                .map(HistoryEvent::attributes)
                .filter(EventAttributes.ActivityTaskCompleted.class::isInstance)
                .map(a -> ((EventAttributes.ActivityTaskCompleted) a).scheduledEventId())
                .map(id -> ((EventAttributes.ActivityTaskScheduled) events.get((int) (id - 1)).attributes())
                        .activityType())
                .toList();
    }

    /** The engine's events of a history, to check what was recorded attribute by attribute. */
    private static List<HistoryEvent> engineEvents(WorkflowHistory history) {
        return HistoryDocument.fromJson(history.toJson()).events();
    }
}
