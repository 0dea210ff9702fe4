package io.reprise.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.oneOf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowHistory;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.RetryState;
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
 * The REST API over the real workflow and activities, on the in-memory test engine. The packing
 * wait of an hour passes in no time while a test waits for a result, and holds an order still
 * otherwise.
 */
@RepriseTest(properties = { "sample.activity-delay=50ms", "sample.packing-time=1h" })
@AutoConfigureMockMvc
class OrderApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    WorkflowClient client;

    private static String order(String orderId, String sku, String amount) {
        return """
                {"orderId": "%s", "customerId": "c-42", "amount": %s,
                 "items": [{"sku": "%s", "quantity": 2}]}""".formatted(orderId, amount, sku);
    }

    private void place(String body) throws Exception {
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isAccepted());
    }

    /** Waits for the order's workflow to close (the test client skips any timer on the way). */
    private void awaitClosed(String orderId) {
        try {
            client.newUntypedWorkflowStub("order-" + orderId).getResult(Duration.ofSeconds(20), OrderResult.class);
        } catch (WorkflowFailedException expectedForFailedOrders) {
            // closed all the same
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("order " + orderId + " did not finish", e);
        }
    }

    @Test
    void aPlacedOrderIsAcceptedThenCompletesWithTheResultOfEveryStep() throws Exception {
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(order("o-1", "book", "99.99")))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/orders/o-1"))
                .andExpect(jsonPath("$.workflowId").value("order-o-1"))
                .andExpect(jsonPath("$.runId").isNotEmpty());

        awaitClosed("o-1");

        mvc.perform(get("/orders/o-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.orderId").value("o-1"))
                .andExpect(jsonPath("$.workflowId").value("order-o-1"))
                .andExpect(jsonPath("$.status").value("COMPLETED"))
                .andExpect(jsonPath("$.result.paymentId").isNotEmpty())
                .andExpect(jsonPath("$.result.reservationId").value("res-o-1"))
                .andExpect(jsonPath("$.result.trackingNumber").value("track-o-1"))
                .andExpect(jsonPath("$.result.confirmationId").value("mail-o-1"))
                .andExpect(jsonPath("$.failure").doesNotExist());
    }

    @Test
    void theCurrentStepIsPackingWhileTheWarehouseWorksAndCompletedOnceDone() throws Exception {
        place(order("o-step", "book", "12"));
        awaitEvent("o-step", EventType.TimerStarted);

        mvc.perform(get("/orders/o-step"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.currentStep").value("PACKING"));

        awaitClosed("o-step");
        // Closed: the worker answers the query by replaying the history.
        mvc.perform(get("/orders/o-step"))
                .andExpect(jsonPath("$.status").value("COMPLETED"))
                .andExpect(jsonPath("$.currentStep").value("COMPLETED"));
    }

    @Test
    void cancelingAnOrderWhilePackingReleasesTheInventoryThenRefundsTheCardAndEndsCanceled() throws Exception {
        place(order("o-cancel", "book", "30"));
        awaitEvent("o-cancel", EventType.TimerStarted);

        mvc.perform(post("/orders/o-cancel/cancel"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/orders/o-cancel"));
        awaitClosed("o-cancel");

        mvc.perform(get("/orders/o-cancel"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELED"))
                .andExpect(jsonPath("$.currentStep").value("CANCELED"))
                .andExpect(jsonPath("$.result").doesNotExist())
                .andExpect(jsonPath("$.failure").value("workflow execution canceled"));
        assertThat(completedActivities("o-cancel"))
                .containsExactly("ChargeCard", "ReserveInventory", "ReleaseInventory", "Refund");
        List<HistoryEvent> events = engineEvents(client.fetchHistory("order-o-cancel"));
        assertThat(events).map(HistoryEvent::eventType)
                .contains(EventType.WorkflowExecutionCancelRequested, EventType.TimerCanceled)
                .doesNotContain(EventType.TimerFired)
                .last().isEqualTo(EventType.WorkflowExecutionCanceled);
        assertThat(events).map(HistoryEvent::attributes)
                .filteredOn(EventAttributes.WorkflowExecutionCancelRequested.class::isInstance)
                .singleElement()
                .satisfies(requested -> assertThat(((EventAttributes.WorkflowExecutionCancelRequested) requested)
                        .reason()).isEqualTo("Canceled with POST /orders/o-cancel/cancel"));
        assertThat(events).map(HistoryEvent::attributes)
                .filteredOn(EventAttributes.ActivityTaskScheduled.class::isInstance)
                .map(scheduled -> ((EventAttributes.ActivityTaskScheduled) scheduled).activityType())
                .doesNotContain("Ship", "SendConfirmation");

        mvc.perform(post("/orders/o-cancel/cancel"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("Order o-cancel is already CANCELED; only a running order "
                        + "can be canceled"));
    }

    @Test
    void aCompletedOrderCannotBeCanceled() throws Exception {
        place(order("o-done", "book", "8"));
        awaitClosed("o-done");

        mvc.perform(post("/orders/o-done/cancel"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("Order o-done is already COMPLETED; only a running order "
                        + "can be canceled"));
        mvc.perform(get("/orders/o-done")).andExpect(jsonPath("$.status").value("COMPLETED"));
    }

    @Test
    void cancelingAnUnknownOrderIsNotFound() throws Exception {
        mvc.perform(post("/orders/never-placed/cancel"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("No order never-placed"));
    }

    @Test
    void aRunningOrderAnswersItsStatus() throws Exception {
        place(order("o-running", "book", "10"));
        // Right after the start: four steps of 50 ms each (sample.activity-delay) and an hour of packing are ahead.
        mvc.perform(get("/orders/o-running"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.currentStep", oneOf("CHARGING_CARD", "RESERVING_INVENTORY", "PACKING")))
                .andExpect(jsonPath("$.result").doesNotExist());
        awaitClosed("o-running");
    }

    @Test
    void anOrderIdCanBeUsedOnlyOnceWhetherItsOrderIsRunningOrDone() throws Exception {
        place(order("o-dup", "book", "5"));
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(order("o-dup", "pen", "1")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("Order o-dup already exists; GET /orders/o-dup shows it"));
        awaitClosed("o-dup");
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(order("o-dup", "pen", "1")))
                .andExpect(status().isConflict());
    }

    @Test
    void anUnknownOrderIsNotFound() throws Exception {
        mvc.perform(get("/orders/never-placed"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("No order never-placed"));
    }

    @Test
    void anInvalidOrderIsRefusedAndStartsNothing() throws Exception {
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"orderId\": \"o-bad\", \"customerId\": \"\", \"amount\": -3, \"items\": []}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Invalid order: customerId is required; amount must be a number "
                        + "from 0.01 to 1000000 with at most 2 decimal places, got -3; items must be an array of 1 to "
                        + "100 items, got 0"));
        mvc.perform(get("/orders/o-bad")).andExpect(status().isNotFound());
    }

    @Test
    void aShippingFailureReleasesTheInventoryAndRefundsTheCard() throws Exception {
        place(order("o-fragile", "UNSHIPPABLE", "20"));
        awaitClosed("o-fragile");

        mvc.perform(get("/orders/o-fragile"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.currentStep").value("FAILED"))
                .andExpect(jsonPath("$.result").doesNotExist())
                .andExpect(jsonPath("$.failure").value("Order o-fragile failed at Ship: The carrier refuses item "
                        + "UNSHIPPABLE; compensated with [ReleaseInventory, Refund]"));
        assertThat(completedActivities("o-fragile"))
                .containsExactly("ChargeCard", "ReserveInventory", "ReleaseInventory", "Refund");
    }

    @Test
    void anItemOutOfStockRefundsTheCard() throws Exception {
        place(order("o-empty", "OUT-OF-STOCK", "20"));
        awaitClosed("o-empty");

        mvc.perform(get("/orders/o-empty"))
                .andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.failure").value("Order o-empty failed at ReserveInventory: Item OUT-OF-STOCK "
                        + "is out of stock; compensated with [Refund]"));
        assertThat(completedActivities("o-empty")).containsExactly("ChargeCard", "Refund");
    }

    @Test
    void aDeclinedCardIsNotRetriedAsApplicationYmlSays() throws Exception {
        place(order("o-rich", "yacht", "250000"));
        awaitClosed("o-rich");

        mvc.perform(get("/orders/o-rich"))
                .andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.failure").value("Order o-rich failed at ChargeCard: Card of customer c-42 "
                        + "declined for 250000; nothing to undo"));
        List<HistoryEvent> events = engineEvents(client.fetchHistory("order-o-rich"));
        EventAttributes.ActivityTaskScheduled charge = events.stream()
                .map(HistoryEvent::attributes)
                .filter(EventAttributes.ActivityTaskScheduled.class::isInstance)
                .map(EventAttributes.ActivityTaskScheduled.class::cast)
                .findFirst().orElseThrow();
        // reprise.activities.ChargeCard.retry and reprise.activity-defaults.retry from application.yml
        assertThat(charge.retryPolicy().maximumAttempts()).isEqualTo(5);
        assertThat(charge.retryPolicy().nonRetryableErrorTypes()).containsExactly("CardDeclined");
        assertThat(charge.retryPolicy().initialInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(charge.startToCloseTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(events).map(HistoryEvent::attributes)
                .filteredOn(EventAttributes.ActivityTaskFailed.class::isInstance)
                .singleElement()
                .satisfies(failed -> assertThat(((EventAttributes.ActivityTaskFailed) failed).retryState())
                        .isEqualTo(RetryState.NON_RETRYABLE_FAILURE));
        assertThat(events).map(HistoryEvent::attributes)
                .filteredOn(EventAttributes.ActivityTaskStarted.class::isInstance)
                .singleElement()
                .satisfies(started -> assertThat(((EventAttributes.ActivityTaskStarted) started).attempt())
                        .isEqualTo(1));
    }

    /** Waits until the order's history records {@code type} (no clock moves meanwhile: nothing waits for a result). */
    private void awaitEvent(String orderId, EventType type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engineEvents(client.fetchHistory("order-" + orderId)).stream().noneMatch(e -> e.eventType() == type)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("order " + orderId + " never recorded " + type);
            }
            Thread.sleep(5);
        }
    }

    /** The Activity Types of the execution's completed activities, in the order they completed. */
    private List<String> completedActivities(String orderId) {
        List<HistoryEvent> events = engineEvents(client.fetchHistory("order-" + orderId));
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
