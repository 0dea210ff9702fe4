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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
        return new Poller<>("test-poller", "test tasks", 1, 1, slots, source, t -> "task-" + t, handled::add, clock,
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
        Poller<String> poller = new Poller<>("test-poller", "test tasks", 1, 1, slots, () -> {
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
    void aTaskRunsOnTheThreadWhosePollBroughtItAndThePollingGoesOnOnAnother() throws Exception {
        List<Thread> polledOn = new CopyOnWriteArrayList<>();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        List<String> names = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        Deque<String> tasks = new ArrayDeque<>(List.of("first", "second"));
        Poller<String> poller = new Poller<>("test-poller", "test tasks", 1, 1, new Semaphore(2), () -> {
            String next;
            synchronized (tasks) {
                next = tasks.poll();
            }
            if (next == null) {
                new CountDownLatch(1).await();
            }
            polledOn.add(Thread.currentThread());
            return Optional.of(next);
        }, t -> "task-" + t, t -> {
            ranOn.add(Thread.currentThread());
            names.add(Thread.currentThread().getName());
            if (t.equals("first")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                secondRan.countDown();
            }
        }, clock, () -> new PollBackoff(PollBackoff.INITIAL, PollBackoff.MAXIMUM, () -> 0));

        poller.start();
        // The first task is still running when the second poll brings its task: that poll ran elsewhere.
        assertThat(secondRan.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        // Both tasks counted as processing before the second ran (the first from before the second poll began):
        // none left means both handlers returned.
        awaitNoneProcessing(poller);
        poller.stop();

        assertThat(ranOn).hasSize(2);
        assertThat(names).containsExactlyInAnyOrder("task-first", "task-second");
        Thread first = ranOn.get(names.indexOf("task-first"));
        Thread second = ranOn.get(names.indexOf("task-second"));
        assertThat(first).isSameAs(polledOn.get(0));
        assertThat(second).isSameAs(polledOn.get(1));
        assertThat(second).isNotSameAs(first);
    }

    @Test
    void threadsAreReusedForPollsAndTasksOneAfterTheOther() throws Exception {
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        List<String> names = new CopyOnWriteArrayList<>();
        CountDownLatch lastDone = new CountDownLatch(1);
        Deque<String> tasks = new ArrayDeque<>(List.of("1", "2", "3", "4", "5", "6"));
        Poller<String> poller = new Poller<>("test-poller", "test tasks", 1, 1, new Semaphore(1), () -> {
            if (!ranOn.isEmpty()) {
                awaitParked(ranOn.get(ranOn.size() - 1));
            }
            String next = tasks.poll();
            if (next == null) {
                new CountDownLatch(1).await();
            }
            return Optional.of(next);
        }, t -> "task-" + t, t -> {
            ranOn.add(Thread.currentThread());
            names.add(Thread.currentThread().getName());
            if (t.equals("6")) {
                lastDone.countDown();
            }
        }, clock, () -> new PollBackoff(PollBackoff.INITIAL, PollBackoff.MAXIMUM, () -> 0));

        poller.start();
        assertThat(lastDone.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        poller.stop();

        assertThat(names).containsExactly("task-1", "task-2", "task-3", "task-4", "task-5", "task-6");
        // One poll at a time, each task waits for the one before to end: two threads take turns, no third.
        assertThat(new java.util.HashSet<>(ranOn)).hasSize(2);
    }

    /** Waits until the thread of an ended task parks, idle. */
    private static void awaitParked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(thread.getState()).as("the task thread waits for the next task").isNotEqualTo(
                    Thread.State.TERMINATED);
            assertThat(System.nanoTime()).as("the task thread parks").isLessThan(deadline);
            Thread.sleep(5);
        }
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

    @Test
    void aTaskWhosePollWasInterruptedByStopAfterItCameRunsWithoutTheInterrupt() throws Exception {
        AtomicReference<Poller<String>> self = new AtomicReference<>();
        AtomicReference<Boolean> interruptedInTask = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        Supplier<PollBackoff> backoffs = () -> new PollBackoff(PollBackoff.INITIAL, PollBackoff.MAXIMUM, () -> 0);
        AtomicBoolean first = new AtomicBoolean(true);
        Poller<String> poller = new Poller<>("test-poller", "test tasks", 1, 1, new Semaphore(2), () -> {
            if (!first.getAndSet(false)) {
                throw new InterruptedException("stopped");
            }
            // The engine handed this poll a task; the worker's stop interrupts the poll just as it returns.
            self.get().stop();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            return Optional.of("a");
        }, t -> "task-" + t, task -> {
            interruptedInTask.set(Thread.currentThread().isInterrupted());
            ran.countDown();
        }, clock, backoffs);
        self.set(poller);

        poller.start();

        assertThat(ran.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("the task ran").isTrue();
        assertThat(interruptedInTask.get()).as("the task's thread interrupted").isFalse();
    }

    /** A source whose polls wait for what the test offers: a task, or empty. Counts polls in flight. */
    private static final class FedSource implements Poller.Source<String> {
        final java.util.concurrent.BlockingQueue<Optional<String>> offers =
                new java.util.concurrent.LinkedBlockingQueue<>();
        final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Optional<String> poll() throws InterruptedException {
            inFlight.incrementAndGet();
            try {
                return offers.take();
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private Poller<String> elasticPoller(FedSource source, int threads, int maxThreads, Semaphore slots) {
        return new Poller<>("test-poller", "test tasks", threads, maxThreads, slots, source, t -> "task-" + t,
                handled::add, clock, () -> new PollBackoff(PollBackoff.INITIAL, PollBackoff.MAXIMUM, () -> 0));
    }

    @Test
    void pollsThatBringTasksAddPollersUpToTheMaximumAndEmptyPollsEndTheExtraOnes() throws Exception {
        FedSource source = new FedSource();
        Poller<String> poller = elasticPoller(source, 1, 3, new Semaphore(10));
        poller.start();
        awaitInFlight(source, 1);

        source.offers.add(Optional.of("a"));
        awaitInFlight(source, 2);
        assertThat(poller.extraThreads()).isEqualTo(1);
        source.offers.add(Optional.of("b"));
        awaitInFlight(source, 3);
        assertThat(poller.extraThreads()).isEqualTo(2);
        source.offers.add(Optional.of("c"));
        awaitHandled(3);
        awaitInFlight(source, 3);
        assertThat(poller.extraThreads()).as("at the maximum of 3 pollers").isEqualTo(2);

        // An empty poll ends an extra poller; the one that always runs polls on.
        while (poller.extraThreads() > 0) {
            source.offers.add(Optional.empty());
            awaitOffersTaken(source);
        }
        awaitInFlight(source, 1);
        assertThat(poller.threadsStarted()).isEqualTo(1);
        assertThat(poller.threadsAlive()).isEqualTo(1);
        poller.stop();
    }

    @Test
    void noExtraPollerWithoutAFreeSlot() throws Exception {
        FedSource source = new FedSource();
        CountDownLatch finish = new CountDownLatch(1);
        Poller<String> poller = new Poller<>("test-poller", "test tasks", 1, 3, new Semaphore(1), source,
                t -> "task", t -> {
                    try {
                        finish.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, clock, () -> new PollBackoff(PollBackoff.INITIAL, PollBackoff.MAXIMUM, () -> 0));
        poller.start();
        awaitInFlight(source, 1);

        source.offers.add(Optional.of("a"));
        awaitProcessing(poller, 1);

        assertThat(poller.extraThreads()).as("the only slot runs the task").isZero();
        finish.countDown();
        awaitInFlight(source, 1);
        poller.stop();
    }

    @Test
    void stoppingEndsTheExtraPollersToo() throws Exception {
        FedSource source = new FedSource();
        Poller<String> poller = elasticPoller(source, 1, 2, new Semaphore(10));
        poller.start();
        awaitInFlight(source, 1);
        source.offers.add(Optional.of("a"));
        awaitInFlight(source, 2);

        poller.stop();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (poller.threadsAlive() > 0 || poller.extraThreads() > 0) {
            assertThat(System.nanoTime()).as("the poller threads end").isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(source.inFlight.get()).isZero();
    }

    private static void awaitInFlight(FedSource source, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (source.inFlight.get() != count) {
            assertThat(System.nanoTime()).as("%d polls in flight", count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitOffersTaken(FedSource source) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!source.offers.isEmpty()) {
            assertThat(System.nanoTime()).as("the offer was taken").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private void awaitHandled(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (handled.size() < count) {
            assertThat(System.nanoTime()).as("%d tasks handled", count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitNoneProcessing(Poller<?> poller) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (poller.processing() > 0) {
            assertThat(System.nanoTime()).as("no task processing").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Waits until at least {@code count} tasks are processing. */
    private static void awaitProcessing(Poller<?> poller, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (poller.processing() < count) {
            assertThat(System.nanoTime()).as("%d tasks processing", count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
