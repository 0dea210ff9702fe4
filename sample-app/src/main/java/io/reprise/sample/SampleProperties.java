package io.reprise.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How the simulated payment, inventory, shipping and e-mail services, and the warehouse, behave, and
 * how large a request the HTTP API reads.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

    /** How long every simulated service call takes. */
    private Duration activityDelay = Duration.ofMillis(200);

    /**
     * How long the warehouse takes to pack an order's parcel: a durable timer between reserving
     * the inventory and shipping, during which the order can be canceled.
     */
    private Duration packingTime = Duration.ofSeconds(10);

    /**
     * The largest request body the HTTP API reads; a larger one is answered 413 before it is parsed.
     * An order of the largest size the API accepts (100 items) takes about 10 KB.
     */
    private DataSize maxRequestBodySize = DataSize.ofKilobytes(64);

    private final Payment payment = new Payment();

    public Duration getActivityDelay() {
        return activityDelay;
    }

    public void setActivityDelay(Duration activityDelay) {
        this.activityDelay = activityDelay;
    }

    public Duration getPackingTime() {
        return packingTime;
    }

    public void setPackingTime(Duration packingTime) {
        this.packingTime = packingTime;
    }

    public DataSize getMaxRequestBodySize() {
        return maxRequestBodySize;
    }

    public void setMaxRequestBodySize(DataSize maxRequestBodySize) {
        this.maxRequestBodySize = maxRequestBodySize;
    }

    public Payment getPayment() {
        return payment;
    }

    /** The simulated payment gateway. */
    public static class Payment {

        /** Share of card charges (0 to 1) that fail with a transient gateway error, retried by Reprise. */
        private double failureRate = 0;

        public double getFailureRate() {
            return failureRate;
        }

        public void setFailureRate(double failureRate) {
            this.failureRate = failureRate;
        }
    }
}
