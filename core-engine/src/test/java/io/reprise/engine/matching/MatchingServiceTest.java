package io.reprise.engine.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatchingServiceTest {

    private static final TaskQueueId ORDERS = new TaskQueueId("default", "orders", TaskQueueKind.WORKFLOW);
    private static final TaskQueueId ORDERS_ACTIVITIES = new TaskQueueId("default", "orders", TaskQueueKind.ACTIVITY);

    private final MatchingService matching = new MatchingService();

    @AfterEach
    void close() {
        matching.close();
    }

    static final class Task extends QueuedTask {
        final String name;

        Task(String name) {
            this.name = name;
        }
    }

    private Optional<String> poll(TaskQueueId queue, Duration wait) {
        return matching.poll(queue, wait, task -> ((Task) task).name);
    }

    @Test
    void queuedTasksAreHandedOutInOrder() {
        matching.dispatch(ORDERS, new Task("1"));
        matching.dispatch(ORDERS, new Task("2"));

        assertThat(poll(ORDERS, Duration.ZERO)).contains("1");
        assertThat(poll(ORDERS, Duration.ZERO)).contains("2");
        assertThat(poll(ORDERS, Duration.ZERO)).isEmpty();
    }

    @Test
    void workflowAndActivityQueuesOfTheSameNameAreSeparate() {
        matching.dispatch(ORDERS_ACTIVITIES, new Task("activity"));

        assertThat(poll(ORDERS, Duration.ZERO)).isEmpty();
        assertThat(poll(ORDERS_ACTIVITIES, Duration.ZERO)).contains("activity");
    }

    @Test
    void waitingPollerGetsATaskDispatchedLater() throws Exception {
        CompletableFuture<Optional<String>> poll = CompletableFuture.supplyAsync(() -> poll(ORDERS, Duration.ofSeconds(10)));
        awaitWaitingPoller();

        matching.dispatch(ORDERS, new Task("late"));

        assertThat(poll.get(5, TimeUnit.SECONDS)).contains("late");
    }

    @Test
    void pollReturnsEmptyAtItsDeadline() {
        long start = System.nanoTime();
        assertThat(poll(ORDERS, Duration.ofMillis(50))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(45));
    }

    @Test
    void aLongPollWatchedByCoarseTimeoutsAlsoReturnsEmptyAtItsDeadline() {
        Duration wait = Duration.ofNanos(io.reprise.engine.timer.CoarseTimeouts.MIN_WAIT_NANOS);
        long start = System.nanoTime();
        assertThat(poll(ORDERS, wait)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(wait);
    }

    @Test
    void staleTasksAndTasksTheStarterRejectsAreSkipped() {
        Task stale = new Task("stale");
        matching.dispatch(ORDERS, stale);
        matching.dispatch(ORDERS, new Task("rejected"));
        matching.dispatch(ORDERS, new Task("good"));
        stale.markStale();

        Optional<String> result = matching.poll(ORDERS, Duration.ZERO,
                task -> ((Task) task).name.equals("rejected") ? null : ((Task) task).name);

        assertThat(result).contains("good");
        assertThat(matching.queuedTasks(ORDERS)).isZero();
    }

    @Test
    void interruptedPollReturnsEmptyPromptlyAndKeepsTheFlag() throws Exception {
        AtomicReference<Optional<String>> result = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread poller = Thread.ofPlatform().start(() -> {
            result.set(poll(ORDERS, Duration.ofSeconds(30)));
            interrupted.set(Thread.currentThread().isInterrupted());
            done.countDown();
        });
        awaitWaitingPoller();

        poller.interrupt();

        assertThat(done.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(result.get()).isEmpty();
        assertThat(interrupted.get()).isTrue();
        matching.dispatch(ORDERS, new Task("kept"));
        assertThat(poll(ORDERS, Duration.ZERO)).contains("kept");
    }

    @Test
    void closeEndsWaitingPolls() throws Exception {
        CompletableFuture<Optional<String>> poll = CompletableFuture.supplyAsync(() -> poll(ORDERS, Duration.ofSeconds(30)));
        awaitWaitingPoller();

        matching.close();

        assertThat(poll.get(2, TimeUnit.SECONDS)).isEmpty();
        assertThat(poll(ORDERS, Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void taskCountsAsWorkOnlyWhenAWorkerPollsItsQueue() throws Exception {
        matching.dispatch(ORDERS, new Task("1"));
        assertThat(matching.hasTaskForActiveWorker()).as("nobody ever polled").isFalse();

        assertThat(poll(ORDERS, Duration.ZERO)).contains("1");
        matching.dispatch(ORDERS, new Task("2"));
        assertThat(matching.hasTaskForActiveWorker()).as("polled just now").isTrue();

        CountDownLatch inStarter = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Optional<String>> poll = CompletableFuture.supplyAsync(() -> matching.poll(ORDERS,
                Duration.ZERO, task -> {
                    inStarter.countDown();
                    await(release);
                    return ((Task) task).name;
                }));
        assertThat(inStarter.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(matching.hasTaskForActiveWorker()).as("being handed out").isTrue();
        release.countDown();
        assertThat(poll.get()).contains("2");
    }

    /** An activity poll by {@code identity} on another thread, parked once this returns. */
    private CompletableFuture<Optional<String>> parkedPoll(String identity, Duration wait, Double rate)
            throws InterruptedException {
        int parked = matching.waitingPollers(ORDERS_ACTIVITIES);
        // A thread of its own: the common pool may have room for one blocked poll only.
        CompletableFuture<Optional<String>> poll = CompletableFuture.supplyAsync(() -> matching.poll(
                ORDERS_ACTIVITIES, wait, rate, identity, task -> ((Task) task).name), r -> Thread.ofVirtual().start(r));
        awaitWaitingPollers(ORDERS_ACTIVITIES, parked + 1);
        return poll;
    }

    @Test
    void aReservedPollerGetsTheTaskHandedToIt() throws Exception {
        CompletableFuture<Optional<String>> poll = parkedPoll("worker-1", Duration.ofSeconds(10), null);

        ReservedPoller reserved = matching.reserveWaitingPoller(ORDERS_ACTIVITIES);

        assertThat(reserved.identity()).isEqualTo("worker-1");
        assertThat(matching.waitingPollers(ORDERS_ACTIVITIES)).as("no longer free for other tasks").isZero();
        assertThat(matching.hasTaskForActiveWorker()).as("a task is on its way to a worker").isTrue();
        reserved.handOver(new Task("started"));
        assertThat(poll.get(5, TimeUnit.SECONDS)).contains("started");
        assertThat(matching.hasTaskForActiveWorker()).isFalse();
    }

    @Test
    void thereIsNoPollerToReserveWhenNoneWaits() throws Exception {
        assertThat(matching.reserveWaitingPoller(ORDERS_ACTIVITIES)).isNull();
        CompletableFuture<Optional<String>> poll = parkedPoll("worker-1", Duration.ofSeconds(10), null);
        assertThat(matching.reserveWaitingPoller(ORDERS)).as("a poller of another queue").isNull();

        assertThat(matching.reserveWaitingPoller(ORDERS_ACTIVITIES)).isNotNull().extracting(ReservedPoller::identity)
                .isEqualTo("worker-1");
        assertThat(matching.reserveWaitingPoller(ORDERS_ACTIVITIES)).as("the only one is reserved").isNull();
    }

    @Test
    void aReleasedPollerPollsOnAndTakesTheNextTask() throws Exception {
        CompletableFuture<Optional<String>> poll = parkedPoll("worker-1", Duration.ofSeconds(10), null);
        ReservedPoller reserved = matching.reserveWaitingPoller(ORDERS_ACTIVITIES);

        reserved.release();

        awaitWaitingPollers(ORDERS_ACTIVITIES, 1);
        assertThat(poll).isNotDone();
        assertThat(matching.hasTaskForActiveWorker()).isFalse();
        matching.dispatch(ORDERS_ACTIVITIES, new Task("next"));
        assertThat(poll.get(5, TimeUnit.SECONDS)).contains("next");
    }

    @Test
    void aReservedPollerWaitsForItsTaskPastThePollDeadline() throws Exception {
        CompletableFuture<Optional<String>> poll = parkedPoll("worker-1", Duration.ofSeconds(1), null);
        ReservedPoller reserved = matching.reserveWaitingPoller(ORDERS_ACTIVITIES);

        Thread.sleep(1_500);

        assertThat(poll).as("still waiting for the reserved task").isNotDone();
        reserved.handOver(new Task("late but committed"));
        assertThat(poll.get(5, TimeUnit.SECONDS)).contains("late but committed");
    }

    @Test
    void aRateLimitedQueueLendsAPollerOnlyWhenATaskMayGo() throws Exception {
        // One task per 1,000 s: the first may go at once, the next not before 1,000 s.
        parkedPoll("worker-1", Duration.ofSeconds(10), 0.001);
        parkedPoll("worker-2", Duration.ofSeconds(10), 0.001);

        ReservedPoller first = matching.reserveWaitingPoller(ORDERS_ACTIVITIES);

        assertThat(first).isNotNull();
        assertThat(matching.waitingPollers(ORDERS_ACTIVITIES)).isEqualTo(1);
        assertThat(matching.reserveWaitingPoller(ORDERS_ACTIVITIES)).isNull();
        first.handOver(new Task("first"));
    }

    @Test
    void aTaskDispatchedWhilePollersWaitGoesToExactlyOneOfThem() throws Exception {
        CompletableFuture<Optional<String>> one = parkedPoll("worker-1", Duration.ofSeconds(10), null);
        CompletableFuture<Optional<String>> two = parkedPoll("worker-2", Duration.ofSeconds(10), null);

        matching.dispatch(ORDERS_ACTIVITIES, new Task("a"));
        matching.dispatch(ORDERS_ACTIVITIES, new Task("b"));

        assertThat(List.of(one.get(5, TimeUnit.SECONDS).orElseThrow(), two.get(5, TimeUnit.SECONDS).orElseThrow()))
                .containsExactlyInAnyOrder("a", "b");
    }

    private void awaitWaitingPollers(TaskQueueId queue, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (matching.waitingPollers(queue) != count) {
            assertThat(System.nanoTime()).as("%d pollers wait", count).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private void awaitWaitingPoller() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (matching.waitingPollers(ORDERS) == 0) {
            assertThat(System.nanoTime()).as("a poller waits").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
