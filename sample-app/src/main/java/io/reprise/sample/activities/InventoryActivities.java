package io.reprise.sample.activities;

import io.reprise.activity.ActivityInterface;
import io.reprise.sample.order.OrderItem;
import java.util.List;

/** The warehouse. Activity Types: ReserveInventory, ReleaseInventory. */
@ActivityInterface
public interface InventoryActivities {

    /** Reserves the items; returns the reservation id. */
    String reserveInventory(String orderId, List<OrderItem> items);

    /** Releases a reservation. */
    void releaseInventory(String reservationId);
}
