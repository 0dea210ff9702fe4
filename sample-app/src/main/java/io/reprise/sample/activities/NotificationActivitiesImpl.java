package io.reprise.sample.activities;

import io.reprise.sample.SampleProperties;
import io.reprise.spring.boot.ActivityImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A simulated e-mail service. */
@ActivityImpl
public class NotificationActivitiesImpl extends SimulatedService implements NotificationActivities {

    private static final Logger log = LoggerFactory.getLogger(NotificationActivitiesImpl.class);

    public NotificationActivitiesImpl(SampleProperties properties) {
        super(properties);
    }

    @Override
    public String sendConfirmation(String orderId, String customerId, String trackingNumber) {
        callTakesAWhile();
        String messageId = "mail-" + orderId;
        log.info("E-mailed customer {} the confirmation of order {} (tracking {}): {}", customerId, orderId,
                trackingNumber, messageId);
        return messageId;
    }
}
