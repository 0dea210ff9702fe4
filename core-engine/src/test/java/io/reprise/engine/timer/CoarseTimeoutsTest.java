package io.reprise.engine.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each test watches its deadlines with an instance of its own: its own daemon thread (left parked, idle, at the
 * end), a 1 ms tick.
 */
class CoarseTimeoutsTest {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String threadName = "coarse-timeouts-test-" + INSTANCES.incrementAndGet();
    private final CoarseTimeouts timeouts = new CoarseTimeouts(threadName, TICK_NANOS);

    @Test
    void onExpiryRunsOnceTheDeadlinePassedAndTheDeadlineIsGone() throws Exception {
        LinkedBlockingQueue<Long> calledAt = new LinkedBlockingQueue<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);

        timeouts.schedule(deadline, () -> calledAt.add(System.nanoTime()));

        Long at = calledAt.poll(30, TimeUnit.SECONDS);
        assertThat(at).isNotNull();
        assertThat(at - deadline).isGreaterThanOrEqualTo(0);
        assertThat(timeouts.pendingCount()).isZero();
        assertThat(calledAt).isEmpty();
    }

    @Test
    void aCancelledDeadlineDoesNotExpire() throws Exception {
        AtomicInteger cancelledCalls = new AtomicInteger();
        CountDownLatch laterExpired = new CountDownLatch(1);
        long now = System.nanoTime();

        timeouts.schedule(now + TimeUnit.MILLISECONDS.toNanos(5), cancelledCalls::incrementAndGet).cancel();
        // Later than the cancelled one: once it expired, the cancelled one would have expired before it or with it.
        timeouts.schedule(now + TimeUnit.MILLISECONDS.toNanos(10), laterExpired::countDown);

        assertThat(laterExpired.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledCalls.get()).isZero();
        assertThat(timeouts.pendingCount()).isZero();
    }

    @Test
    void aDeadlineAddedWhileTheThreadIsIdleWakesIt() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        timeouts.schedule(System.nanoTime(), first::countDown);
        assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
        Thread watcher = watcherThread(threadName);
        // Nothing pending: the thread parks without a timeout until a deadline arrives.
        while (watcher.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }

        CountDownLatch second = new CountDownLatch(1);
        timeouts.schedule(System.nanoTime(), second::countDown);

        assertThat(second.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailingOnExpiryDoesNotStopTheThread() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        long now = System.nanoTime();
        timeouts.schedule(now, () -> {
            throw new IllegalStateException("broken waiter");
        });
        timeouts.schedule(now + TimeUnit.MILLISECONDS.toNanos(5), after::countDown);

        assertThat(after.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void onlyWaitsOfASecondOrMoreAreCovered() {
        assertThat(CoarseTimeouts.covers(TimeUnit.SECONDS.toNanos(1))).isTrue();
        assertThat(CoarseTimeouts.covers(TimeUnit.SECONDS.toNanos(60))).isTrue();
        assertThat(CoarseTimeouts.covers(TimeUnit.SECONDS.toNanos(1) - 1)).isFalse();
        assertThat(CoarseTimeouts.covers(0)).isFalse();
    }

    private static Thread watcherThread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst().orElseThrow();
    }
}
