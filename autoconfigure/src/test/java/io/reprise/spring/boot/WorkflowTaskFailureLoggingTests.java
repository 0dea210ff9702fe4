package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.ActivityInterface;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.internal.mapping.HistoryDocument;
import io.reprise.spring.boot.test.RepriseTest;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

/**
 * A workflow task that fails on every attempt (here: an activity stub made in the workflow method,
 * with no timeout anywhere, which no startup check can see) says why in one line, logged once per
 * run, and records the innermost cause in one WorkflowTaskFailed event.
 */
@RepriseTest(classes = WorkflowTaskFailureLoggingTests.BrokenApplication.class)
@ExtendWith(OutputCaptureExtension.class)
class WorkflowTaskFailureLoggingTests {

    @WorkflowInterface
    public interface Nudge {
        @WorkflowMethod
        String nudge(String who);
    }

    @ActivityInterface
    public interface Nudges {
        String send(String who);
    }

    /** How many times a workflow task ran the workflow method: once per attempt. */
    static final AtomicInteger ATTEMPTS_RUN = new AtomicInteger();

    @WorkflowImpl(taskQueues = "nudges")
    public static class NudgeImpl implements Nudge {
        @Override
        public String nudge(String who) {
            ATTEMPTS_RUN.incrementAndGet();
            return Workflow.newActivityStub(Nudges.class).send(who);
        }
    }

    @ActivityImpl(taskQueues = "nudges")
    public static class NudgesImpl implements Nudges {
        @Override
        public String send(String who) {
            return "nudged " + who;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({NudgeImpl.class, NudgesImpl.class})
    static class BrokenApplication {
    }

    @Autowired
    WorkflowClient client;

    @Test
    void aRepeatedlyFailingWorkflowTaskIsLoggedOnceWithItsRootCause(CapturedOutput output) throws Exception {
        Nudge nudge = client.newWorkflowStub(Nudge.class,
                WorkflowOptions.newBuilder().setTaskQueue("nudges").setWorkflowId("nudge-1").build());
        WorkflowClient.start(nudge::nudge, "Ada");

        awaitAttempts(3);

        List<HistoryEvent> failures = engineEvents(client.fetchHistory("nudge-1")).stream()
                .filter(event -> event.eventType() == EventType.WorkflowTaskFailed).toList();
        // Recorded once: the retries that fail again are transient, as in Temporal.
        assertThat(failures).hasSize(1);

        String rootCause = "ActivityOptions for activity \"Send\": one of startToCloseTimeout or "
                + "scheduleToCloseTimeout is required";
        EventAttributes.WorkflowTaskFailed first = failures.get(0).attributes(EventAttributes.WorkflowTaskFailed.class);
        assertThat(first.failure().message()).contains(rootCause);
        Matcher warnings = Pattern.compile("WARN .*Workflow task of nudge-1 \\(Nudge\\) failed: "
                + "IllegalArgumentException: " + Pattern.quote(rootCause)).matcher(output.getOut());
        int count = 0;
        while (warnings.find()) {
            count++;
        }
        assertThat(count).as("WARN lines for nudge-1 in:%n%s", output.getOut()).isEqualTo(1);
        client.newUntypedWorkflowStub("nudge-1").terminate("test over");
    }

    private static void awaitAttempts(int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ATTEMPTS_RUN.get() < atLeast) {
            assertThat(System.nanoTime()).as("%d attempts run", atLeast).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The engine's events of a history, to check what was recorded attribute by attribute. */
    private static List<HistoryEvent> engineEvents(WorkflowHistory history) {
        return HistoryDocument.fromJson(history.toJson()).events();
    }
}
