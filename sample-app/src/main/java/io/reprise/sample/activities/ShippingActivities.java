package io.reprise.sample.activities;

import io.reprise.activity.ActivityInterface;
import io.reprise.sample.order.OrderItem;
import java.util.List;

/** The carrier. Activity Type: Ship. */
@ActivityInterface
public interface ShippingActivities {

    /** Ships the items to the customer; returns the tracking number. */
    String ship(String orderId, String customerId, List<OrderItem> items);
}
