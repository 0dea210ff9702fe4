package io.reprise.sample.web;

import io.reprise.sample.order.OrderResult;
import io.reprise.sample.order.OrderStep;

/**
 * The answer to {@code GET /orders/{orderId}}.
 *
 * @param status the Workflow Execution's status: {@code RUNNING}, {@code COMPLETED}, {@code FAILED},
 *     {@code CANCELED}, {@code TERMINATED}, {@code TIMED_OUT}
 * @param currentStep the step the workflow is at, from its {@code currentStep} query; {@code null} when
 *     the query could not be answered
 * @param result what the order produced, once {@code COMPLETED}
 * @param failure why the order did not complete, once {@code FAILED}, {@code CANCELED}, {@code TERMINATED}
 *     or {@code TIMED_OUT}
 */
public record OrderStatus(String orderId, String workflowId, String runId, String status, OrderStep currentStep,
        OrderResult result, String failure) {
}
