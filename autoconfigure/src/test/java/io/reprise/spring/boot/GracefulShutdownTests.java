package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.EventType;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.Engine;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Closing the application lets in-flight activities finish within the graceful stop timeout. */
class GracefulShutdownTests {

    @WorkflowInterface
    public interface Job {
        @WorkflowMethod
        String run(String id);
    }

    @ActivityInterface
    public interface Work {
        String work(String id);
    }

    @WorkflowImpl(taskQueues = "jobs")
    public static class JobImpl implements Job {
        private final Work work = Workflow.newActivityStub(Work.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1)).build());

        @Override
        public String run(String id) {
            return work.work(id);
        }
    }

    /** Holds each activity for {@link #holdMillis}; says whether it finished or was interrupted. */
    @ActivityImpl(taskQueues = "jobs")
    public static class WorkImpl implements Work {
        final CountDownLatch started = new CountDownLatch(1);
        volatile long holdMillis;
        volatile String outcome = "not run";

        @Override
        public String work(String id) {
            started.countDown();
            try {
                Thread.sleep(holdMillis);
            } catch (InterruptedException e) {
                outcome = "interrupted";
                throw new IllegalStateException("interrupted by shutdown", e);
            }
            outcome = "finished";
            return "done " + id;
        }
    }

    @TempDir
    Path dir;

    private ApplicationContextRunner runner(String gracefulStopTimeout) {
        return new ApplicationContextRunner()
                .withConfiguration(WorkerDiscoveryTests.REPRISE)
                .withPropertyValues("reprise.store.path=" + dir.resolve("reprise.db"),
                        "reprise.workers.jobs.graceful-stop-timeout=" + gracefulStopTimeout)
                .withUserConfiguration(JobImpl.class, WorkImpl.class);
    }

    @Test
    void anActivityRunningAtShutdownFinishesAndItsCompletionIsRecordedBeforeTheEngineCloses() throws Exception {
        WorkImpl[] work = new WorkImpl[1];
        long[] closeMillis = new long[1];
        runner("5s").run(context -> {
            work[0] = context.getBean(WorkImpl.class);
            work[0].holdMillis = 700;
            start(context.getBean(WorkflowClient.class));
            assertThat(work[0].started.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            context.close();
            closeMillis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        });
        assertThat(work[0].outcome).isEqualTo("finished");
        // Closing waited for the activity; it finished rather than being interrupted (outcome above).
        assertThat(closeMillis[0]).isGreaterThanOrEqualTo(300L);
        try (Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteFile(dir.resolve("reprise.db"))).build()) {
            assertThat(WorkflowClient.newInstance(engine).fetchHistory("job-1").events())
                    .extracting(e -> e.eventType())
                    .contains(EventType.ActivityTaskCompleted);
        }
    }

    @Test
    void anActivityStillRunningAfterTheGracefulStopTimeoutIsInterrupted() throws Exception {
        WorkImpl[] work = new WorkImpl[1];
        long[] closeMillis = new long[1];
        runner("200ms").run(context -> {
            work[0] = context.getBean(WorkImpl.class);
            work[0].holdMillis = 30_000;
            start(context.getBean(WorkflowClient.class));
            assertThat(work[0].started.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            context.close();
            closeMillis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        });
        // Closing waited the graceful stop timeout, not the activity's 30 s: it was interrupted (below).
        assertThat(closeMillis[0]).isGreaterThanOrEqualTo(200L);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!work[0].outcome.equals("interrupted") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(work[0].outcome).isEqualTo("interrupted");
    }

    private static void start(WorkflowClient client) {
        Job job = client.newWorkflowStub(Job.class,
                WorkflowOptions.newBuilder().setTaskQueue("jobs").setWorkflowId("job-1").build());
        WorkflowClient.start(job::run, "1");
    }
}
