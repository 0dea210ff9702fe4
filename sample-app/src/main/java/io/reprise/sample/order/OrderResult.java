package io.reprise.sample.order;

/** What a completed order produced in each system it went through. */
public record OrderResult(String orderId, String paymentId, String reservationId, String trackingNumber,
        String confirmationId) {
}
