package io.reprise.sample.activities;

import io.reprise.failure.ApplicationFailure;
import io.reprise.sample.SampleProperties;
import io.reprise.sample.order.OrderItem;
import io.reprise.spring.boot.ActivityImpl;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A simulated warehouse: the sku {@code OUT-OF-STOCK} is never available. */
@ActivityImpl
public class InventoryActivitiesImpl extends SimulatedService implements InventoryActivities {

    static final String OUT_OF_STOCK = "OUT-OF-STOCK";

    private static final Logger log = LoggerFactory.getLogger(InventoryActivitiesImpl.class);

    public InventoryActivitiesImpl(SampleProperties properties) {
        super(properties);
    }

    @Override
    public String reserveInventory(String orderId, List<OrderItem> items) {
        callTakesAWhile();
        for (OrderItem item : items) {
            if (OUT_OF_STOCK.equals(item.sku())) {
                throw ApplicationFailure.newNonRetryableFailure("Item " + item.sku() + " is out of stock",
                        "OutOfStock");
            }
        }
        String reservationId = "res-" + orderId;
        log.info("Reserved {} for order {}: {}", items, orderId, reservationId);
        return reservationId;
    }

    @Override
    public void releaseInventory(String reservationId) {
        callTakesAWhile();
        log.info("Released reservation {}", reservationId);
    }
}
