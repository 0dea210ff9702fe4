package io.reprise.sample.order;

import io.reprise.failure.ActivityFailure;
import io.reprise.failure.ApplicationFailure;
import io.reprise.sample.activities.InventoryActivities;
import io.reprise.sample.activities.NotificationActivities;
import io.reprise.sample.activities.PaymentActivities;
import io.reprise.sample.activities.ShippingActivities;
import io.reprise.spring.boot.WorkflowImpl;
import io.reprise.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The order saga. Activity stubs take their timeouts and retry policies from application.yml
 * ({@code reprise.activity-defaults}, {@code reprise.activities.<type>}). No task queue is named:
 * the workflow runs on {@code reprise.default-task-queue}.
 */
@WorkflowImpl
public class OrderWorkflowImpl implements OrderWorkflow {

    private final PaymentActivities payments = Workflow.newActivityStub(PaymentActivities.class);
    private final InventoryActivities inventory = Workflow.newActivityStub(InventoryActivities.class);
    private final ShippingActivities shipping = Workflow.newActivityStub(ShippingActivities.class);
    private final NotificationActivities notifications = Workflow.newActivityStub(NotificationActivities.class);

    /** A step that undoes a completed one, named by its Activity Type. */
    private record Compensation(String activityType, Runnable action) {
    }

    @Override
    public OrderResult process(Order order) {
        String paymentId;
        try {
            paymentId = payments.chargeCard(order.orderId(), order.customerId(), order.amount());
        } catch (ActivityFailure e) {
            throw ApplicationFailure.newNonRetryableFailure("Order " + order.orderId() + " failed at ChargeCard: "
                    + reason(e) + "; nothing to undo", "OrderFailed");
        }
        Deque<Compensation> compensations = new ArrayDeque<>();
        compensations.push(new Compensation("Refund", () -> payments.refund(paymentId, order.amount())));

        String reservationId;
        String trackingNumber;
        try {
            reservationId = inventory.reserveInventory(order.orderId(), order.items());
            compensations.push(new Compensation("ReleaseInventory",
                    () -> inventory.releaseInventory(reservationId)));
            trackingNumber = shipping.ship(order.orderId(), order.customerId(), order.items());
        } catch (ActivityFailure e) {
            List<String> undone = new ArrayList<>();
            while (!compensations.isEmpty()) {
                Compensation compensation = compensations.pop();
                compensation.action().run();
                undone.add(compensation.activityType());
            }
            throw ApplicationFailure.newNonRetryableFailure("Order " + order.orderId() + " failed at "
                    + e.getActivityType() + ": " + reason(e) + "; compensated with " + undone, "OrderFailed");
        }

        String confirmationId = notifications.sendConfirmation(order.orderId(), order.customerId(), trackingNumber);
        return new OrderResult(order.orderId(), paymentId, reservationId, trackingNumber, confirmationId);
    }

    private static String reason(ActivityFailure failure) {
        return failure.getCause() instanceof ApplicationFailure cause ? cause.getOriginalMessage()
                : failure.getOriginalMessage();
    }
}
