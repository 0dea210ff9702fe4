package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityExecutionContext;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.ActivityCompletionClient;
import io.reprise.client.ActivityNotFoundException;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.RetryOptions;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.ApplicationFailure;
import io.reprise.worker.Worker;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AsyncCompletionTest {

    static final String QUEUE = "async-completion";

    @ActivityInterface
    public interface Approval {
        String requestApproval(String what);
    }

    /** Hands the task token to an "external system" and returns without completing. */
    static final class ExternalApproval implements Approval {
        final BlockingQueue<byte[]> tokens = new LinkedBlockingQueue<>();

        @Override
        public String requestApproval(String what) {
            ActivityExecutionContext context = Activity.getExecutionContext();
            tokens.add(context.getInfo().taskToken());
            context.doNotCompleteOnReturn();
            return "ignored: the activity completes later";
        }
    }

    @WorkflowInterface
    public interface Approve {
        @WorkflowMethod
        String run(String what);
    }

    public static final class ApproveImpl implements Approve {
        @Override
        public String run(String what) {
            Approval approval = Workflow.newActivityStub(Approval.class, ActivityOptions.newBuilder()
                    .setActivityId("approval")
                    .setStartToCloseTimeout(Duration.ofHours(1))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                    .build());
            try {
                return approval.requestApproval(what);
            } catch (ActivityFailure e) {
                return "failed: " + ((ApplicationFailure) e.getCause()).getOriginalMessage();
            }
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(ApproveImpl.class)
            .setTaskQueue(QUEUE)
            .build();

    private TestWorkflowEnvironment env;
    private ExternalApproval approval;
    private ActivityCompletionClient completions;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, Worker worker) {
        this.env = env;
        approval = new ExternalApproval();
        worker.registerActivitiesImplementations(approval);
        completions = env.getWorkflowClient().newActivityCompletionClient();
    }

    private WorkflowStub start(String workflowId) {
        WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub("Approve",
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
        stub.start("invoice-7");
        return stub;
    }

    private byte[] nextToken() throws InterruptedException {
        byte[] token = approval.tokens.poll(5, TimeUnit.SECONDS);
        assertThat(token).isNotNull();
        return token;
    }

    @Test
    void returningWithoutCompletingLeavesTheActivityOpenUntilCompletedByToken() throws Exception {
        WorkflowStub stub = start("by-token");
        byte[] token = nextToken();

        assertThat(env.getWorkflowClient().describe("by-token").pendingActivities()).hasSize(1);
        completions.complete(token, "approved by token");

        assertThat(stub.getResult(String.class)).isEqualTo("approved by token");
    }

    @Test
    void completionByWorkflowIdAndActivityId() throws Exception {
        WorkflowStub stub = start("by-id");
        nextToken();

        completions.complete("by-id", null, "approval", "approved by id");

        assertThat(stub.getResult(String.class)).isEqualTo("approved by id");
    }

    @Test
    void failingByTokenReachesTheWorkflowAsActivityFailure() throws Exception {
        WorkflowStub stub = start("fail-by-token");
        byte[] token = nextToken();

        completions.completeExceptionally(token, ApplicationFailure.newFailure("rejected", "Rejected"));

        assertThat(stub.getResult(String.class)).isEqualTo("failed: rejected");
    }

    @Test
    void aStaleTokenGetsAClearErrorAndChangesNothing() throws Exception {
        WorkflowStub stub = start("stale");
        byte[] token = nextToken();
        completions.complete(token, "approved");
        assertThat(stub.getResult(String.class)).isEqualTo("approved");
        long historyLength = env.getWorkflowClient().describe("stale").historyLength();

        assertThatThrownBy(() -> completions.complete(token, "again"))
                .isInstanceOf(ActivityNotFoundException.class)
                .hasMessageContaining("workflowId \"stale\"")
                .hasMessageContaining("the workflow execution is COMPLETED");
        assertThatThrownBy(() -> completions.complete("stale", null, "approval", "again"))
                .isInstanceOf(ActivityNotFoundException.class)
                .hasMessageContaining("activity \"approval\" of workflowId \"stale\"");
        assertThat(env.getWorkflowClient().describe("stale").historyLength()).isEqualTo(historyLength);
    }

    @Test
    void anUnknownActivityIdOfARunningWorkflowGetsAClearError() throws Exception {
        start("unknown-id");
        nextToken();

        assertThatThrownBy(() -> completions.complete("unknown-id", null, "no-such-activity", "x"))
                .isInstanceOf(ActivityNotFoundException.class)
                .hasMessage("Activity not found: activity \"no-such-activity\" of workflowId \"unknown-id\", runId \""
                        + env.getWorkflowClient().describe("unknown-id").execution().runId() + "\" (no open activity"
                        + " has this id; it completed, failed, timed out or was canceled, or never existed)");
    }

    @Test
    void aMalformedTokenIsRefused() {
        assertThatThrownBy(() -> completions.complete(new byte[] {1, 2, 3}, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Malformed activity task token");
    }
}
