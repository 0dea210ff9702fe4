package io.reprise.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineException.Code;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PollerTest {

    private static final long DEADLINE_SECONDS = 30;

    private final ManualClock clock = new ManualClock();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final CountDownLatch scriptDone = new CountDownLatch(1);

    /** A source that plays {@code script} (a task, or an exception to throw), then waits until interrupted. */
    private Poller.Source<String> scripted(List<Object> script) {
        Deque<Object> steps = new ArrayDeque<>(script);
        return () -> {
            Object step;
            synchronized (steps) {
                step = steps.poll();
            }
            if (step == null) {
                scriptDone.countDown();
                new CountDownLatch(1).await();
            }
            if (step instanceof RuntimeException e) {
                throw e;
            }
            return Optional.of((String) step);
        };
    }

    private Poller<String> poller(Poller.Source<String> source, Semaphore slots) {
        Supplier<PollBackoff> backoffs = () -> new PollBackoff(PollBackoff.INITIAL, PollBackoff.MAXIMUM, () -> 0);
        return new Poller<>("test-poller", "test tasks", 1, slots, source, t -> "task-" + t, handled::add, clock,
                backoffs);
    }

    private static EngineException unavailable() {
        return new EngineException(Code.UNAVAILABLE, "The store failed to read");
    }

    @Test
    void failedPollsBackOffExponentiallyAndASuccessResetsTheBackoff() throws Exception {
        Poller<String> poller = poller(scripted(List.of(unavailable(), unavailable(), unavailable(), "a",
                unavailable(), "b")), new Semaphore(5));

        poller.start();
        assertThat(scriptDone.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("the script ran").isTrue();
        poller.stop();

        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(100));
        awaitHandled(2);
        assertThat(handled).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aRefusedPollWaitsTheMaximumEachTime() throws Exception {
        Poller<String> poller = poller(scripted(List.of(EngineException.notFound("Namespace \"billing\" is not "
                + "registered"), EngineException.notFound("Namespace \"billing\" is not registered"))),
                new Semaphore(1));

        poller.start();
        assertThat(scriptDone.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        poller.stop();

        assertThat(clock.sleeps()).containsExactly(PollBackoff.MAXIMUM, PollBackoff.MAXIMUM);
    }

    @Test
    void aSlotIsTakenBeforeEachPollAndReleasedWhenTheTaskIsDone() throws Exception {
        Semaphore slots = new Semaphore(1);
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch secondPoll = new CountDownLatch(1);
        List<String> polls = new CopyOnWriteArrayList<>();
        Poller<String> poller = new Poller<>("test-poller", "test tasks", 1, slots, () -> {
            polls.add("poll");
            if (polls.size() == 2) {
                secondPoll.countDown();
                new CountDownLatch(1).await();
            }
            return Optional.of("only");
        }, t -> "task", t -> {
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, clock, () -> new PollBackoff(PollBackoff.INITIAL, PollBackoff.MAXIMUM, () -> 0));

        poller.start();
        awaitProcessing(poller, 1);
        // The only slot is with the running task: no second poll until it finishes.
        assertThat(polls).hasSize(1);
        assertThat(slots.availablePermits()).isZero();
        finish.countDown();

        assertThat(secondPoll.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("polled again once the slot was free")
                .isTrue();
        assertThat(poller.processing()).isZero();
        poller.stop();
    }

    @Test
    void stoppingEndsThePollerThreadsWithoutBackingOff() throws Exception {
        Poller<String> poller = poller(scripted(List.of()), new Semaphore(1));
        poller.start();
        assertThat(scriptDone.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(poller.threadsStarted()).isEqualTo(1);

        poller.stop();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (poller.threadsAlive() > 0) {
            assertThat(System.nanoTime()).as("the poller thread ends").isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(clock.sleeps()).isEmpty();
        assertThat(poller.lastPollTime()).isNotNull();
    }

    private void awaitHandled(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (handled.size() < count) {
            assertThat(System.nanoTime()).as("%d tasks handled", count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitProcessing(Poller<?> poller, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (poller.processing() < count) {
            assertThat(System.nanoTime()).as("%d tasks processing", count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
