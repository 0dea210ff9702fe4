package io.reprise.sample.activities;

import io.reprise.failure.ApplicationFailure;
import io.reprise.sample.SampleProperties;
import io.reprise.spring.boot.ActivityImpl;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated payment gateway: a share {@code sample.payment.failure-rate} of charges fail with
 * a transient error (Reprise retries them per {@code reprise.activities.ChargeCard.retry}), and
 * amounts over 10 000 are declined ({@code CardDeclined}, listed as non-retryable in
 * application.yml).
 */
@ActivityImpl
public class PaymentActivitiesImpl extends SimulatedService implements PaymentActivities {

    static final BigDecimal CARD_LIMIT = new BigDecimal("10000");

    private static final Logger log = LoggerFactory.getLogger(PaymentActivitiesImpl.class);

    private final Map<String, String> paymentByOrder = new ConcurrentHashMap<>();

    public PaymentActivitiesImpl(SampleProperties properties) {
        super(properties);
    }

    @Override
    public String chargeCard(String orderId, String customerId, BigDecimal amount) {
        callTakesAWhile();
        if (amount.compareTo(CARD_LIMIT) > 0) {
            throw ApplicationFailure.newFailure("Card of customer " + customerId + " declined for " + amount,
                    "CardDeclined");
        }
        if (ThreadLocalRandom.current().nextDouble() < properties.getPayment().getFailureRate()) {
            throw new IllegalStateException("Payment gateway unavailable (simulated)");
        }
        String paymentId = paymentByOrder.computeIfAbsent(orderId, id -> "pay-" + UUID.randomUUID());
        log.info("Charged {} to customer {} for order {}: {}", amount, customerId, orderId, paymentId);
        return paymentId;
    }

    @Override
    public void refund(String paymentId, BigDecimal amount) {
        callTakesAWhile();
        log.info("Refunded {} of payment {}", amount, paymentId);
    }
}
