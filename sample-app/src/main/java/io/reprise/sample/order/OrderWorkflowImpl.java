package io.reprise.sample.order;

import io.reprise.activity.ActivityCancellationType;
import io.reprise.activity.ActivityOptions;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.ApplicationFailure;
import io.reprise.failure.CanceledFailure;
import io.reprise.sample.SampleProperties;
import io.reprise.sample.activities.InventoryActivities;
import io.reprise.sample.activities.NotificationActivities;
import io.reprise.sample.activities.PaymentActivities;
import io.reprise.sample.activities.ShippingActivities;
import io.reprise.spring.boot.WorkflowImpl;
import io.reprise.workflow.Saga;
import io.reprise.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The order saga. Activity stubs take their timeouts and retry policies from application.yml
 * ({@code reprise.activity-defaults}, {@code reprise.activities.<type>}). No task queue is named:
 * the workflow runs on {@code reprise.default-task-queue}.
 *
 * <p>An order can be canceled until shipping begins. A service call in flight when the
 * cancellation arrives runs to its end ({@code WAIT_CANCELLATION_COMPLETED}), so the saga knows
 * whether the step happened: a charge that went through is refunded, one that never started is
 * not. The cancellation then surfaces at the next step, most often the packing wait, and the
 * steps done so far are undone. Once the parcel has shipped, the confirmation is sent and the
 * order completes whatever happens.
 */
@WorkflowImpl
public class OrderWorkflowImpl implements OrderWorkflow {

    private static final ActivityOptions FINISH_WHEN_CANCELED = ActivityOptions.newBuilder()
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .build();

    private final PaymentActivities payments = Workflow.newActivityStub(PaymentActivities.class,
            FINISH_WHEN_CANCELED);
    private final InventoryActivities inventory = Workflow.newActivityStub(InventoryActivities.class,
            FINISH_WHEN_CANCELED);
    private final ShippingActivities shipping = Workflow.newActivityStub(ShippingActivities.class,
            FINISH_WHEN_CANCELED);
    private final NotificationActivities notifications = Workflow.newActivityStub(NotificationActivities.class);

    private final SampleProperties properties;

    private OrderStep currentStep = OrderStep.CHARGING_CARD;

    public OrderWorkflowImpl(SampleProperties properties) {
        this.properties = properties;
    }

    @Override
    public OrderStep currentStep() {
        return currentStep;
    }

    @Override
    public OrderResult process(Order order) {
        Saga saga = new Saga(Saga.Options.newBuilder().build());
        // The Activity Types of the compensations that ran, for the failure message.
        List<String> undone = new ArrayList<>();
        String paymentId;
        String reservationId;
        String trackingNumber;
        try {
            currentStep = OrderStep.CHARGING_CARD;
            paymentId = payments.chargeCard(order.orderId(), order.customerId(), order.amount());
            saga.addCompensation(() -> {
                payments.refund(paymentId, order.amount());
                undone.add("Refund");
            });

            currentStep = OrderStep.RESERVING_INVENTORY;
            reservationId = inventory.reserveInventory(order.orderId(), order.items());
            saga.addCompensation(() -> {
                inventory.releaseInventory(reservationId);
                undone.add("ReleaseInventory");
            });

            currentStep = OrderStep.PACKING;
            // Recorded in the history: a replay waits as long as the first run did, whatever the configuration says now.
            Duration packingTime = Workflow.sideEffect(Duration.class, properties::getPackingTime);
            Workflow.sleep(packingTime);

            currentStep = OrderStep.SHIPPING;
            trackingNumber = shipping.ship(order.orderId(), order.customerId(), order.items());
        } catch (ActivityFailure e) {
            if (e.getCause() instanceof CanceledFailure) {
                throw canceled(saga, e);
            }
            compensate(saga);
            currentStep = OrderStep.FAILED;
            throw ApplicationFailure.newNonRetryableFailure("Order " + order.orderId() + " failed at "
                    + e.getActivityType() + ": " + reason(e) + "; "
                    + (undone.isEmpty() ? "nothing to undo" : "compensated with " + undone), "OrderFailed");
        } catch (CanceledFailure e) {
            throw canceled(saga, e);
        }

        currentStep = OrderStep.SENDING_CONFIRMATION;
        // Shipped: too late to cancel. A detached scope sends the confirmation even if a cancellation arrives now.
        String[] confirmationId = new String[1];
        Workflow.newDetachedCancellationScope(() -> confirmationId[0] = notifications.sendConfirmation(
                order.orderId(), order.customerId(), trackingNumber)).run();
        currentStep = OrderStep.COMPLETED;
        return new OrderResult(order.orderId(), paymentId, reservationId, trackingNumber, confirmationId[0]);
    }

    /** Undoes the steps done so far, newest first; the order's cancellation does not stop it. */
    private void compensate(Saga saga) {
        currentStep = OrderStep.COMPENSATING;
        Workflow.newDetachedCancellationScope(saga::compensate).run();
    }

    /** Compensates, then returns {@code cancellation} to be rethrown: the execution then ends CANCELED. */
    private <E extends RuntimeException> E canceled(Saga saga, E cancellation) {
        compensate(saga);
        currentStep = OrderStep.CANCELED;
        return cancellation;
    }

    private static String reason(ActivityFailure failure) {
        return failure.getCause() instanceof ApplicationFailure cause ? cause.getOriginalMessage()
                : failure.getOriginalMessage();
    }
}
