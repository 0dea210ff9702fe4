package io.reprise.sample.activities;

import io.reprise.activity.ActivityInterface;
import java.math.BigDecimal;

/** The payment gateway. Activity Types: ChargeCard, Refund. */
@ActivityInterface
public interface PaymentActivities {

    /** Charges the customer's card; returns the payment id. Charging the same order twice charges once. */
    String chargeCard(String orderId, String customerId, BigDecimal amount);

    /** Refunds a payment. */
    void refund(String paymentId, BigDecimal amount);
}
