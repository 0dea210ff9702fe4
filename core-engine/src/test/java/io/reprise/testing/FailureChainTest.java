package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.common.RetryOptions;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.ApplicationFailure;
import io.reprise.failure.RetryState;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.worker.Worker;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FailureChainTest {

    static final String QUEUE = "failures";

    @ActivityInterface
    public interface Storage {
        void save(String key);
    }

    /** Fails with a three-level chain: ApplicationFailure ← UncheckedIOException ← IOException. */
    static final class BrokenStorage implements Storage {
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public void save(String key) {
            attempts.incrementAndGet();
            throw ApplicationFailure.newFailureWithCause("could not save " + key, "SaveFailed",
                    new UncheckedIOException("disk unavailable", new IOException("EIO on /data")), "detail-1");
        }
    }

    @WorkflowInterface
    public interface Save {
        @WorkflowMethod
        void run(String key);
    }

    public static final class SaveImpl implements Save {
        @Override
        public void run(String key) {
            Workflow.newActivityStub(Storage.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    .setRetryOptions(RetryOptions.newBuilder().setDoNotRetry("SaveFailed").build())
                    .build()).save(key);
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(SaveImpl.class)
            .setTaskQueue(QUEUE)
            .build();

    private final BrokenStorage storage = new BrokenStorage();

    @BeforeEach
    void registerStorage(Worker worker) {
        worker.registerActivitiesImplementations(storage);
    }

    @Test
    void theWholeCauseChainSurvivesFromActivityToWorkflowToClient(WorkflowClient client) {
        WorkflowFailedException failed = catchThrowableOfType(WorkflowFailedException.class,
                () -> client.newWorkflowStub(Save.class, WorkflowOptions.newBuilder()
                        .setTaskQueue(QUEUE).setWorkflowId("chain").build()).run("k-1"));

        assertThat(storage.attempts).hasValue(1);
        ActivityFailure activity = (ActivityFailure) failed.getCause();
        assertThat(activity.getRetryState()).isEqualTo(RetryState.NON_RETRYABLE_FAILURE);
        ApplicationFailure top = (ApplicationFailure) activity.getCause();
        assertThat(top.getType()).isEqualTo("SaveFailed");
        assertThat(top.getOriginalMessage()).isEqualTo("could not save k-1");
        assertThat(top.getDetails(String.class)).isEqualTo("detail-1");
        ApplicationFailure middle = (ApplicationFailure) top.getCause();
        assertThat(middle.getType()).isEqualTo(UncheckedIOException.class.getName());
        assertThat(middle.getOriginalMessage()).isEqualTo("disk unavailable");
        ApplicationFailure root = (ApplicationFailure) middle.getCause();
        assertThat(root.getType()).isEqualTo(IOException.class.getName());
        assertThat(root.getOriginalMessage()).isEqualTo("EIO on /data");
        assertThat(root.getCause()).isNull();
    }
}
