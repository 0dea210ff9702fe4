package io.reprise.engine.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimerServiceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final LinkedBlockingQueue<String> fired = new LinkedBlockingQueue<>();
    private final TimerService<String> timers = new TimerService<>(clock, fired::add, "test-timers");

    @AfterEach
    void close() {
        timers.close();
    }

    @Test
    void firesWhenTheClockReachesTheDueTime() throws Exception {
        timers.start();
        timers.schedule("a", T0.plusSeconds(10));
        clock.advance(Duration.ofMillis(9999));
        assertThat(fired.poll(60, TimeUnit.MILLISECONDS)).isNull();

        clock.advance(Duration.ofMillis(1));

        assertThat(fired.poll(2, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(timers.nextDueTime()).isEmpty();
    }

    @Test
    void armingAgainReplacesThePreviousTime() throws Exception {
        timers.start();
        timers.schedule("a", T0.plusSeconds(10));
        timers.schedule("b", T0.plusSeconds(20));
        timers.schedule("a", T0.plusSeconds(30));
        assertThat(timers.nextDueTime()).contains(T0.plusSeconds(20));

        clock.advance(Duration.ofSeconds(30));

        List<String> order = new CopyOnWriteArrayList<>();
        order.add(fired.poll(2, TimeUnit.SECONDS));
        order.add(fired.poll(2, TimeUnit.SECONDS));
        assertThat(order).containsExactlyInAnyOrder("a", "b");
        assertThat(fired.poll(60, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void disarmedKeyDoesNotFire() throws Exception {
        timers.start();
        timers.schedule("a", T0.plusSeconds(1));
        timers.schedule("a", null);

        clock.advance(Duration.ofSeconds(1));

        assertThat(fired.poll(100, TimeUnit.MILLISECONDS)).isNull();
        assertThat(timers.nextDueTime()).isEmpty();
    }

    @Test
    void timeAlreadyPassedFiresAtOnceOnTheSystemClock() throws Exception {
        LinkedBlockingQueue<String> systemFired = new LinkedBlockingQueue<>();
        try (TimerService<String> system = new TimerService<>(EngineClock.system(), systemFired::add, "sys")) {
            system.start();
            system.schedule("late", Instant.now().minusSeconds(1));
            system.schedule("soon", Instant.now().plusMillis(30));
            assertThat(systemFired.poll(2, TimeUnit.SECONDS)).isEqualTo("late");
            assertThat(systemFired.poll(2, TimeUnit.SECONDS)).isEqualTo("soon");
        }
    }

    @Test
    void onARunningClockATimerFiresWhenRealTimeReachesItAndAtOnceWhenTheClockJumpsPastIt() throws Exception {
        ManualClock running = ManualClock.runningFrom(T0);
        LinkedBlockingQueue<String> runningFired = new LinkedBlockingQueue<>();
        List<String> lateness = new CopyOnWriteArrayList<>();
        Instant soon = running.now().plusMillis(200);
        Instant tomorrow = running.now().plus(Duration.ofDays(1));
        try (TimerService<String> service = new TimerService<>(running, key -> {
            Instant due = key.equals("soon") ? soon : tomorrow;
            lateness.add(key + (running.now().isBefore(due) ? " early" : " on time"));
            runningFired.add(key);
        }, "running-timers")) {
            service.start();
            service.schedule("soon", soon);
            service.schedule("tomorrow", tomorrow);

            // Nobody moves the clock: real time brings the first timer due.
            assertThat(runningFired.poll(30, TimeUnit.SECONDS)).isEqualTo("soon");
            // The service now waits for a day of real time; the jump must wake it.
            running.advanceTo(tomorrow);

            assertThat(runningFired.poll(30, TimeUnit.SECONDS)).isEqualTo("tomorrow");
            assertThat(lateness).containsExactly("soon on time", "tomorrow on time");
        }
    }
    /**
     * A clock that stands until moved and records the deadlines waited for and the wake-ups asked of it. Unlike
     * {@link ManualClock} its waits end only by a wake-up or a move (no safety-net timeout), so every return
     * of the timer thread from a wait is one this test caused.
     */
    private static final class WatchedClock implements EngineClock {
        private volatile Instant now = T0;
        private volatile Object monitor;
        final LinkedBlockingQueue<Instant> waits = new LinkedBlockingQueue<>();
        final java.util.concurrent.atomic.AtomicInteger wakeUps = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public void waitUntil(Object monitor, Instant deadline) throws InterruptedException {
            synchronized (monitor) {
                this.monitor = monitor;
                if (deadline.isAfter(now)) {
                    waits.add(deadline);
                    monitor.wait();
                }
            }
        }

        @Override
        public void wakeUp(Object monitor) {
            wakeUps.incrementAndGet();
            EngineClock.super.wakeUp(monitor);
        }

        void advance(Duration duration) {
            now = now.plus(duration);
            Object waitedOn = monitor;
            if (waitedOn != null) {
                synchronized (waitedOn) {
                    waitedOn.notifyAll();
                }
            }
        }
    }

    @Test
    void armingALaterTimeThanTheThreadWaitsForWakesNoThreadAndItStillFires() throws Exception {
        WatchedClock watched = new WatchedClock();
        try (TimerService<String> service = new TimerService<>(watched, fired::add, "watched-timers")) {
            service.start();
            assertThat(watched.waits.poll(30, TimeUnit.SECONDS)).isEqualTo(T0.plus(Duration.ofHours(1)));

            // Earlier than the idle wait: the thread is woken and waits for it.
            service.schedule("a", T0.plusSeconds(10));
            assertThat(watched.wakeUps.get()).isEqualTo(1);
            awaitWaitFor(watched, T0.plusSeconds(10));

            // The same key later, another key later still: the thread waits on, unwoken.
            service.schedule("a", T0.plusSeconds(20));
            service.schedule("b", T0.plusSeconds(15));
            assertThat(watched.wakeUps.get()).isEqualTo(1);

            // Earlier than its wait: woken.
            service.schedule("c", T0.plusSeconds(5));
            assertThat(watched.wakeUps.get()).isEqualTo(2);

            watched.advance(Duration.ofSeconds(20));
            List<String> order = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                order.add(fired.poll(30, TimeUnit.SECONDS));
            }
            assertThat(order).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(service.nextDueTime()).isEmpty();
        }
    }

    /** Waits until the timer thread's next wait, which must be for {@code deadline}. */
    private static void awaitWaitFor(WatchedClock watched, Instant deadline) throws InterruptedException {
        assertThat(watched.waits.poll(30, TimeUnit.SECONDS)).as("the timer thread waits again").isEqualTo(deadline);
    }
}
