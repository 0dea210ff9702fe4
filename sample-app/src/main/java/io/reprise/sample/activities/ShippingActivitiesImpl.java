package io.reprise.sample.activities;

import io.reprise.failure.ApplicationFailure;
import io.reprise.sample.SampleProperties;
import io.reprise.sample.order.OrderItem;
import io.reprise.spring.boot.ActivityImpl;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A simulated carrier: the sku {@code UNSHIPPABLE} cannot be shipped. */
@ActivityImpl
public class ShippingActivitiesImpl extends SimulatedService implements ShippingActivities {

    static final String UNSHIPPABLE = "UNSHIPPABLE";

    private static final Logger log = LoggerFactory.getLogger(ShippingActivitiesImpl.class);

    public ShippingActivitiesImpl(SampleProperties properties) {
        super(properties);
    }

    @Override
    public String ship(String orderId, String customerId, List<OrderItem> items) {
        callTakesAWhile();
        for (OrderItem item : items) {
            if (UNSHIPPABLE.equals(item.sku())) {
                throw ApplicationFailure.newNonRetryableFailure("The carrier refuses item " + item.sku(),
                        "Unshippable");
            }
        }
        String trackingNumber = "track-" + orderId;
        log.info("Shipped order {} to customer {}: {}", orderId, customerId, trackingNumber);
        return trackingNumber;
    }
}
