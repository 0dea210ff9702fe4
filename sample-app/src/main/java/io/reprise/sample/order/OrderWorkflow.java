package io.reprise.sample.order;

import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;

/**
 * Processes one order: charge the card, reserve the inventory, ship, send a confirmation. When
 * reserving or shipping fails, the steps already done are undone (inventory released, card
 * refunded) and the order fails.
 */
@WorkflowInterface
public interface OrderWorkflow {

    @WorkflowMethod
    OrderResult process(Order order);
}
