package io.reprise.sample.order;

import io.reprise.workflow.QueryMethod;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;

/**
 * Processes one order: charge the card, reserve the inventory, wait while the warehouse packs
 * the parcel, ship, send a confirmation. When reserving or shipping fails, or the order is
 * canceled before shipping begins, the steps already done are undone (inventory released, card
 * refunded); the order then fails, or ends canceled.
 */
@WorkflowInterface
public interface OrderWorkflow {

    @WorkflowMethod
    OrderResult process(Order order);

    /** The step the order is at; also answers, by replay, once the order is closed. */
    @QueryMethod
    OrderStep currentStep();
}
