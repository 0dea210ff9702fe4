package io.reprise.spring.boot.ui;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.common.RetryOptions;
import io.reprise.failure.ApplicationFailure;
import io.reprise.spring.boot.ActivityImpl;
import io.reprise.spring.boot.WorkflowImpl;
import io.reprise.workflow.QueryMethod;
import io.reprise.workflow.SignalMethod;
import io.reprise.workflow.UpdateMethod;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * An application for the UI tests: a ticket workflow with a signal, a query and an update, whose triage activity
 * fails with the ticket's title as its message (so hostile titles reach failure messages), and a workflow that
 * records 10,000 markers.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ UiApplication.TicketWorkflowImpl.class, UiApplication.TriageImpl.class,
        UiApplication.LongHistoryWorkflowImpl.class })
public class UiApplication {

    static final String QUEUE = "tickets";
    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    public record Ticket(String title, boolean failAtOnce) {
    }

    @WorkflowInterface
    public interface TicketWorkflow {
        @WorkflowMethod
        String handle(Ticket ticket);

        @SignalMethod
        void comment(String text);

        @QueryMethod
        List<String> comments();

        @UpdateMethod
        int escalate(int level);
    }

    @ActivityInterface
    public interface Triage {
        /** Activity Type "Triage": fails with the title as the message, until the retries run out. */
        String triage(String title);
    }

    @WorkflowImpl(taskQueues = QUEUE)
    public static class TicketWorkflowImpl implements TicketWorkflow {
        private final Triage triage = Workflow.newActivityStub(Triage.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofHours(1))
                        .setMaximumAttempts(3).build())
                .build());
        private final List<String> comments = new ArrayList<>();
        private int level;

        @Override
        public String handle(Ticket ticket) {
            if (ticket.failAtOnce()) {
                throw ApplicationFailure.newFailureWithCause("ticket rejected: " + ticket.title(), "Rejected",
                        ApplicationFailure.newFailure("cause: " + ticket.title(), "Inner"));
            }
            triage.triage(ticket.title());
            return "triaged";
        }

        @Override
        public void comment(String text) {
            comments.add(text);
        }

        @Override
        public List<String> comments() {
            return comments;
        }

        @Override
        public int escalate(int by) {
            level += by;
            return level;
        }
    }

    @ActivityImpl(taskQueues = QUEUE)
    public static class TriageImpl implements Triage {
        @Override
        public String triage(String title) {
            throw ApplicationFailure.newFailure(title, "TriageFailed");
        }
    }

    @WorkflowInterface
    public interface LongHistoryWorkflow {
        @WorkflowMethod
        void record(int markers);
    }

    /** Records {@code markers} side effects in its first task (one MarkerRecorded event each), then waits. */
    @WorkflowImpl(taskQueues = QUEUE)
    public static class LongHistoryWorkflowImpl implements LongHistoryWorkflow {
        @Override
        public void record(int markers) {
            for (int i = 0; i < markers; i++) {
                int value = i;
                Workflow.sideEffect(Integer.class, () -> value);
            }
            Workflow.await(() -> false);
        }
    }
}
