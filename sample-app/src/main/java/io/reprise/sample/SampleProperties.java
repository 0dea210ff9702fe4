package io.reprise.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** How the simulated payment, inventory, shipping and e-mail services behave. */
@ConfigurationProperties("sample")
public class SampleProperties {

    /** How long every simulated service call takes. */
    private Duration activityDelay = Duration.ofMillis(200);

    private final Payment payment = new Payment();

    public Duration getActivityDelay() {
        return activityDelay;
    }

    public void setActivityDelay(Duration activityDelay) {
        this.activityDelay = activityDelay;
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
