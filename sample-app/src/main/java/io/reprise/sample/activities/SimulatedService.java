package io.reprise.sample.activities;

import io.reprise.sample.SampleProperties;
import java.time.Duration;

/** What the simulated services share: the time a call takes ({@code sample.activity-delay}). */
abstract class SimulatedService {

    protected final SampleProperties properties;

    protected SimulatedService(SampleProperties properties) {
        this.properties = properties;
    }

    /** Waits as long as a call to the real service would. */
    protected void callTakesAWhile() {
        Duration delay = properties.getActivityDelay();
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            // The worker is shutting down: stop; the engine retries the attempt later.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling the service", e);
        }
    }
}
