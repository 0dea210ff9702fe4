package io.reprise.engine.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
