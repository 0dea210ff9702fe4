package io.reprise.sample.activities;

import io.reprise.activity.ActivityInterface;

/** The e-mail service. Activity Type: SendConfirmation. */
@ActivityInterface
public interface NotificationActivities {

    /** E-mails the order confirmation; returns the message id. */
    String sendConfirmation(String orderId, String customerId, String trackingNumber);
}
