package io.reprise.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.ActivityCanceledException;
import io.reprise.client.ActivityNotFoundException;
import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.EngineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatThrottleTest {

    private static final DataConverter CONVERTER = DataConverter.getDefaultInstance();

    /** A heartbeat that reached the engine: when, and with which detail. */
    record Sent(Duration at, int detail) {
    }

    private final ManualClock clock = new ManualClock();
    private final long origin = clock.nanoTime();
    private final List<Sent> sent = new ArrayList<>();
    private boolean cancelRequested;

    private HeartbeatThrottle throttle(Duration interval) {
        return new HeartbeatThrottle(interval, clock, details -> {
            sent.add(new Sent(clock.since(origin),
                    CONVERTER.fromPayload(details.get(0), Integer.class, Integer.class)));
            return cancelRequested;
        }, "\"a1\" (Process) of workflow \"w1\"");
    }

    private static List<Payload> detail(int value) {
        return List.of(CONVERTER.toPayload(value));
    }

    @Test
    void heartbeatsAreSentAtMostOncePerIntervalWithTheLatestDetails() {
        // A 1 s Heartbeat Timeout: the interval is 800 ms. One heartbeat every 100 ms for 2.4 s.
        HeartbeatThrottle throttle = throttle(HeartbeatThrottle.interval(Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(60)));
        throttle.heartbeat(detail(1));
        for (int i = 2; i <= 25; i++) {
            clock.advance(Duration.ofMillis(100));
            throttle.heartbeat(detail(i));
        }
        throttle.close();

        assertThat(sent).containsExactly(new Sent(Duration.ZERO, 1), new Sent(Duration.ofMillis(800), 8),
                new Sent(Duration.ofMillis(1600), 16), new Sent(Duration.ofMillis(2400), 24));
    }

    @Test
    void aHeartbeatAfterAQuietIntervalIsSentAtOnce() {
        HeartbeatThrottle throttle = throttle(Duration.ofMillis(500));
        throttle.heartbeat(detail(1));
        clock.advance(Duration.ofMillis(500)); // the timer fires with nothing stored and stops
        clock.advance(Duration.ofMillis(300));

        throttle.heartbeat(detail(2));

        assertThat(sent).containsExactly(new Sent(Duration.ZERO, 1), new Sent(Duration.ofMillis(800), 2));
    }

    @Test
    void closingDropsStoredDetailsAndStopsTheTimer() {
        HeartbeatThrottle throttle = throttle(Duration.ofMillis(500));
        throttle.heartbeat(detail(1));
        clock.advance(Duration.ofMillis(100));
        throttle.heartbeat(detail(2));

        throttle.close();
        clock.advance(Duration.ofSeconds(10));
        throttle.heartbeat(detail(3));

        assertThat(sent).containsExactly(new Sent(Duration.ZERO, 1));
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void aCancelRequestLearnedFromAThrottledSendMakesTheNextHeartbeatThrow() {
        HeartbeatThrottle throttle = throttle(Duration.ofMillis(500));
        throttle.heartbeat(detail(1));
        throttle.heartbeat(detail(2));
        cancelRequested = true;

        clock.advance(Duration.ofMillis(500));

        assertThat(sent).extracting(Sent::detail).containsExactly(1, 2);
        assertThatThrownBy(() -> throttle.heartbeat(detail(3))).isInstanceOf(ActivityCanceledException.class)
                .hasMessage("The workflow asked to cancel activity \"a1\" (Process) of workflow \"w1\"; clean up "
                        + "and let this exception propagate to report the cancellation");
    }

    @Test
    void aRefusedHeartbeatTellsTheActivityToStop() {
        HeartbeatThrottle throttle = new HeartbeatThrottle(Duration.ofMillis(500), clock, details -> {
            throw EngineException.notFound("the attempt is no longer current");
        }, "\"a1\" (Process) of workflow \"w1\"");

        assertThatThrownBy(() -> throttle.heartbeat(detail(1))).isInstanceOf(ActivityNotFoundException.class)
                .hasMessage("The heartbeat of activity \"a1\" (Process) of workflow \"w1\" was refused: the attempt "
                        + "is no longer current; stop working on it");
    }
}
