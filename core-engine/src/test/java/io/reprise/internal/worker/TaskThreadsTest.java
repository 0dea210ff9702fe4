package io.reprise.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskThreadsTest {

    private static final long DEADLINE_SECONDS = 30;

    private final TaskThreads threads = new TaskThreads("idle-task");

    /** Runs a task that reports its thread and that thread's name, and waits until that thread is idle again. */
    private Thread runAndAwaitIdle(String name, int idleAfter) throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        CompletableFuture<String> named = new CompletableFuture<>();
        threads.run(name, () -> {
            ranOn.complete(Thread.currentThread());
            named.complete(Thread.currentThread().getName());
        });
        assertThat(named.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(name);
        awaitIdle(idleAfter);
        return ranOn.get();
    }

    private void awaitIdle(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (threads.idleThreads() != count) {
            assertThat(System.nanoTime()).as("%d idle threads", count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aTaskRunsOnTheThreadThatEndedTheLastOneUnderItsOwnName() throws Exception {
        Thread first = runAndAwaitIdle("task-a", 1);
        assertThat(first.isVirtual()).isTrue();
        assertThat(first.getName()).isEqualTo("idle-task");

        Thread second = runAndAwaitIdle("task-b", 1);

        assertThat(second).isSameAs(first);
    }

    @Test
    void aTaskWhileAllThreadsAreBusyGetsANewThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Thread> busy = new CompletableFuture<>();
        threads.run("busy", () -> {
            busy.complete(Thread.currentThread());
            awaitQuietly(release);
        });
        Thread blocked = busy.get(DEADLINE_SECONDS, TimeUnit.SECONDS);

        Thread other = runAndAwaitIdle("other", 1);
        release.countDown();
        awaitIdle(2);

        assertThat(other).isNotSameAs(blocked);
    }

    @Test
    void anInterruptLeftByAnEndedTaskDoesNotReachTheNextTask() throws Exception {
        runAndAwaitIdle("interrupts-itself", 1);
        threads.run("interrupts-itself", () -> Thread.currentThread().interrupt());
        awaitIdle(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();

        threads.run("next", () -> interrupted.complete(Thread.currentThread().isInterrupted()));

        assertThat(interrupted.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void closingEndsIdleThreadsAtOnceAndBusyOnesAfterTheirTask() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Thread> busy = new CompletableFuture<>();
        threads.run("busy", () -> {
            busy.complete(Thread.currentThread());
            awaitQuietly(release);
        });
        Thread working = busy.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        Thread idle = runAndAwaitIdle("idle-soon", 1);

        threads.close();

        assertThat(idle.join(Duration.ofSeconds(DEADLINE_SECONDS))).as("the idle thread ended").isTrue();
        assertThat(working.isAlive()).isTrue();
        release.countDown();
        assertThat(working.join(Duration.ofSeconds(DEADLINE_SECONDS))).as("the busy thread ended after its task")
                .isTrue();
        assertThat(threads.idleThreads()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
