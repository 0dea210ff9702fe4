package io.reprise.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActivityStartLimiterTest {

    private final ManualClock clock = new ManualClock();
    private final long origin = clock.nanoTime();
    private final List<Duration> pollsAt = new ArrayList<>();

    /** A poll that records when it ran and brings a task. */
    private Optional<String> task() {
        pollsAt.add(clock.since(origin));
        return Optional.of("task");
    }

    private Optional<String> nothing() {
        pollsAt.add(clock.since(origin));
        return Optional.empty();
    }

    @Test
    void pollsThatBringTasksAreSpacedByOneOverTheRate() throws Exception {
        ActivityStartLimiter limiter = new ActivityStartLimiter(20, clock);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.poll(this::task)).contains("task");
        }

        assertThat(pollsAt).containsExactly(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofMillis(150), Duration.ofMillis(200));
    }

    @Test
    void fractionalRatesSpaceStartsBySeconds() throws Exception {
        ActivityStartLimiter limiter = new ActivityStartLimiter(0.5, clock);

        limiter.poll(this::task);
        limiter.poll(this::task);
        limiter.poll(this::task);

        assertThat(pollsAt).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void aPollThatBringsNothingDoesNotDelayTheNext() throws Exception {
        ActivityStartLimiter limiter = new ActivityStartLimiter(10, clock);

        limiter.poll(this::nothing);
        limiter.poll(this::nothing);
        limiter.poll(this::task);
        limiter.poll(this::nothing);
        limiter.poll(this::task);

        // The empty poll at 100 ms does not move the next start: the task it would have brought may start at once.
        assertThat(pollsAt).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofMillis(100),
                Duration.ofMillis(100));
    }

    @Test
    void theIntervalCountsFromWhenTheTaskArrivedNotFromWhenThePollBegan() throws Exception {
        ActivityStartLimiter limiter = new ActivityStartLimiter(10, clock);

        limiter.poll(() -> {
            clock.advance(Duration.ofMillis(70)); // a long poll: the task arrives 70 ms after it began
            return task();
        });
        limiter.poll(this::task);

        assertThat(pollsAt).containsExactly(Duration.ofMillis(70), Duration.ofMillis(170));
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void timeThatAlreadyPassedIsNotWaitedAgain() throws Exception {
        ActivityStartLimiter limiter = new ActivityStartLimiter(10, clock);

        limiter.poll(this::task);
        clock.advance(Duration.ofMillis(60));
        limiter.poll(this::task);

        assertThat(pollsAt).containsExactly(Duration.ZERO, Duration.ofMillis(100));
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(40));
    }

    @Test
    void aRateThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new ActivityStartLimiter(0, clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxActivitiesPerSecond must be positive, got 0.0");
    }

    /**
     * On Java 21–23 a virtual thread blocked while it holds a monitor pins its carrier, so the
     * limiter must hold none during a poll (which may wait 30 s for a task). Checked on a platform
     * thread, whose locked monitors the JVM reports.
     */
    @Test
    void noMonitorIsHeldWhileAPollWaitsForATask() throws Exception {
        ActivityStartLimiter limiter = new ActivityStartLimiter(5, WorkerClock.SYSTEM);
        CountDownLatch polling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread poller = Thread.ofPlatform().start(() -> {
            try {
                limiter.poll(() -> {
                    polling.countDown();
                    release.await();
                    return Optional.of("task");
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(polling.await(30, TimeUnit.SECONDS)).as("the poll began").isTrue();

        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(new long[] {poller.threadId()}, true,
                true)[0];
        release.countDown();
        poller.join();

        assertThat(info.getLockedMonitors()).isEmpty();
        assertThat(info.getLockedSynchronizers()).hasSize(1);
    }

    @Test
    void aPollerWaitingForItsTurnStopsWhenInterrupted() throws Exception {
        ActivityStartLimiter limiter = new ActivityStartLimiter(5, WorkerClock.SYSTEM);
        CountDownLatch polling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                limiter.poll(() -> {
                    polling.countDown();
                    release.await();
                    return Optional.empty();
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(polling.await(30, TimeUnit.SECONDS)).isTrue();
        List<Throwable> thrown = new ArrayList<>();
        Thread second = Thread.ofVirtual().start(() -> {
            try {
                limiter.poll(() -> Optional.of("never"));
            } catch (Throwable t) {
                thrown.add(t);
            }
        });

        second.interrupt();
        second.join();
        release.countDown();
        first.join();

        assertThat(thrown).singleElement().isInstanceOf(InterruptedException.class);
    }
}
