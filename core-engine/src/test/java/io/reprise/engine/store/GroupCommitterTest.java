package io.reprise.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group committer on a writer that records each batch and the thread that wrote it: a commit that finds the
 * committer idle is written on its caller's thread when callers may write (SQLite), else on the writer thread; what
 * arrives meanwhile goes to the writer thread, as one batch.
 */
class GroupCommitterTest {

    private static final String WRITER_THREAD = "group-committer-test-writer";

    /** A batch as the writer received it, and the name of the thread that wrote it. */
    private record Written(List<String> workflowIds, String thread) {
    }

    private static final class RecordingWriter implements TransitionWriter {
        final List<Written> written = new CopyOnWriteArrayList<>();
        /** While set, a batch holding this Workflow Id blocks in the writer until it counts down. */
        volatile String holdFor;
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch holding = new CountDownLatch(1);
        volatile String failFor;

        @Override
        public RuntimeException[] write(List<Transition> batch) {
            List<String> ids = new ArrayList<>();
            for (Transition transition : batch) {
                ids.add(transition.row().key().workflowId());
            }
            if (ids.contains(holdFor)) {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            written.add(new Written(ids, Thread.currentThread().getName()));
            RuntimeException[] failures = new RuntimeException[batch.size()];
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i).equals(failFor)) {
                    failures[i] = new StoreException("refused " + failFor, null);
                }
            }
            return failures;
        }

        @Override
        public void close() {
        }
    }

    private final RecordingWriter writer = new RecordingWriter();
    private GroupCommitter committer;

    private GroupCommitter committer(boolean callersWrite) {
        committer = new GroupCommitter(writer, null, 100, WRITER_THREAD,
                t -> new StoreException("closed: " + t.row().key().workflowId(), null), callersWrite);
        return committer;
    }

    @AfterEach
    void closeCommitter() {
        writer.release.countDown();
        if (committer != null) {
            committer.close();
        }
    }

    /** Runs {@code commit} on a thread of its own (the common pool may have a single thread here). */
    private static CompletableFuture<Void> inThread(Runnable commit) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                commit.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static Transition start(String workflowId) {
        return TestExecutions.start(TestExecutions.key(workflowId, "run-" + workflowId), 1_000);
    }

    @Test
    void aLoneCommitIsWrittenOnItsCallersThreadWhenCallersMayWrite() {
        GroupCommitter committer = committer(true);

        committer.commit(start("a"));

        assertThat(writer.written).containsExactly(new Written(List.of("a"), Thread.currentThread().getName()));
        assertThat(committer.batchesWritten()).isEqualTo(1);
    }

    @Test
    void aLoneCommitIsWrittenOnTheWriterThreadWhenCallersMayNotWrite() {
        GroupCommitter committer = committer(false);

        committer.commit(start("a"));

        assertThat(writer.written).containsExactly(new Written(List.of("a"), WRITER_THREAD));
        assertThat(committer.batchesWritten()).isEqualTo(1);
    }

    @Test
    void commitsArrivingWhileACallerWritesAreWrittenAfterItByTheWriterThreadInOneBatch() throws Exception {
        GroupCommitter committer = committer(true);
        writer.holdFor = "a";
        CompletableFuture<Void> first = inThread(() -> committer.commit(start("a")));
        assertThat(writer.holding.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> second = inThread(() -> committer.commit(start("b")));
        CompletableFuture<Void> third = inThread(() -> committer.commit(start("c")));
        assertThat(committer.awaitQueued(2, Duration.ofSeconds(30))).isTrue();
        assertThat(writer.written).isEmpty();
        writer.release.countDown();
        CompletableFuture.allOf(first, second, third).get(30, TimeUnit.SECONDS);

        assertThat(writer.written).hasSize(2);
        assertThat(writer.written.get(0).workflowIds()).containsExactly("a");
        assertThat(writer.written.get(0).thread()).isNotEqualTo(WRITER_THREAD);
        assertThat(writer.written.get(1).workflowIds()).containsExactlyInAnyOrder("b", "c");
        assertThat(writer.written.get(1).thread()).isEqualTo(WRITER_THREAD);
        assertThat(committer.batchesWritten()).isEqualTo(2);
    }

    @Test
    void aCommitThatFailsOnItsCallersThreadThrowsItsFailure() {
        GroupCommitter committer = committer(true);
        writer.failFor = "a";

        assertThatThrownBy(() -> committer.commit(start("a")))
                .isInstanceOf(StoreException.class)
                .hasMessage("refused a");
        committer.commit(start("b"));

        assertThat(writer.written).extracting(Written::workflowIds).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void whilePausedACommitWaitsForTheWriterThreadEvenWhenCallersMayWrite() throws Exception {
        GroupCommitter committer = committer(true);
        committer.pause();
        CompletableFuture<Void> commit = inThread(() -> committer.commit(start("a")));
        assertThat(committer.awaitQueued(1, Duration.ofSeconds(30))).isTrue();
        assertThat(writer.written).isEmpty();

        committer.resume();
        commit.get(30, TimeUnit.SECONDS);

        assertThat(writer.written).containsExactly(new Written(List.of("a"), WRITER_THREAD));
    }

    @Test
    void closeReturnsOnlyOnceACallersWriteHasEnded() throws Exception {
        GroupCommitter committer = committer(true);
        writer.holdFor = "a";
        CompletableFuture<Void> commit = inThread(() -> committer.commit(start("a")));
        assertThat(writer.holding.await(30, TimeUnit.SECONDS)).isTrue();

        List<String> order = new CopyOnWriteArrayList<>();
        Thread closer = Thread.ofPlatform().start(() -> {
            committer.close();
            order.add("closed");
        });
        // The writer thread has nothing queued: it ends. Then the closer either returned (wrongly: the caller still
        // writes) or waits for the caller's write.
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(WRITER_THREAD))) {
            Thread.yield();
        }
        while (closer.isAlive() && closer.getState() != Thread.State.WAITING) {
            Thread.yield();
        }
        order.add("write released");
        writer.release.countDown();
        closer.join();
        commit.get(30, TimeUnit.SECONDS);

        assertThat(order).containsExactly("write released", "closed");
        assertThat(writer.written).containsExactly(new Written(List.of("a"), writer.written.get(0).thread()));
        assertThatThrownBy(() -> committer.commit(start("b")))
                .isInstanceOf(StoreException.class)
                .hasMessage("closed: b");
    }
}
