package io.reprise.sample.web;

import io.reprise.sample.order.OrderResult;

/**
 * The answer to {@code GET /orders/{orderId}}.
 *
 * @param status the Workflow Execution's status: {@code RUNNING}, {@code COMPLETED}, {@code FAILED}, {@code TIMED_OUT}
 * @param result what the order produced, once {@code COMPLETED}
 * @param failure why the order failed, once {@code FAILED} or {@code TIMED_OUT}
 */
public record OrderStatus(String orderId, String workflowId, String runId, String status, OrderResult result,
        String failure) {
}
