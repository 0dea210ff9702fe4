package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.common.RetryOptions;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.ApplicationFailure;
import io.reprise.workflow.Saga;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SagaTest {

    static final String QUEUE = "saga";

    @ActivityInterface
    public interface Steps {
        void step(String name);

        void undo(String name);
    }

    static final class StepsImpl implements Steps {
        static final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void step(String name) {
            log.add("do " + name);
            if (name.startsWith("fail")) {
                throw new IllegalStateException(name + " failed");
            }
        }

        @Override
        public void undo(String name) {
            log.add("undo " + name);
            if (name.startsWith("broken")) {
                throw new IllegalStateException("cannot undo " + name);
            }
        }
    }

    public record Plan(List<String> steps, boolean parallel, boolean continueWithError) {
    }

    @WorkflowInterface
    public interface Booking {
        @WorkflowMethod
        String book(Plan plan);
    }

    public static final class BookingImpl implements Booking {
        @Override
        public String book(Plan plan) {
            Steps steps = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(5))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
            Saga saga = new Saga(Saga.Options.newBuilder().setParallelCompensation(plan.parallel())
                    .setContinueWithError(plan.continueWithError()).build());
            try {
                for (String name : plan.steps()) {
                    steps.step(name);
                    saga.addCompensation(steps::undo, name);
                }
                return "booked";
            } catch (ActivityFailure e) {
                try {
                    saga.compensate();
                    return "compensated";
                } catch (Saga.CompensationException c) {
                    return "compensation failed: "
                            + ((ApplicationFailure) c.getCause().getCause()).getOriginalMessage() + " (+"
                            + c.getSuppressed().length + " more)";
                }
            }
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(BookingImpl.class)
            .setActivityImplementations(new StepsImpl())
            .setTaskQueue(QUEUE)
            .build();

    @BeforeEach
    void clearTheLog() {
        StepsImpl.log.clear();
    }

    @Test
    void aFailedStepUndoesTheCompletedStepsNewestFirst(Booking booking) {
        assertThat(booking.book(new Plan(List.of("flight", "hotel", "fail-car"), false, false)))
                .isEqualTo("compensated");
        assertThat(StepsImpl.log).containsExactly("do flight", "do hotel", "do fail-car", "undo hotel",
                "undo flight");
    }

    @Test
    void sequentialCompensationStopsAtTheFirstFailingCompensation(Booking booking) {
        assertThat(booking.book(new Plan(List.of("flight", "broken-hotel", "fail-car"), false, false)))
                .isEqualTo("compensation failed: cannot undo broken-hotel (+0 more)");
        assertThat(StepsImpl.log).containsExactly("do flight", "do broken-hotel", "do fail-car", "undo broken-hotel");
    }

    @Test
    void continueWithErrorRunsEveryCompensationAndReportsAllFailures(Booking booking) {
        assertThat(booking.book(new Plan(List.of("broken-flight", "broken-hotel", "fail-car"), false, true)))
                .isEqualTo("compensation failed: cannot undo broken-hotel (+1 more)");
        assertThat(StepsImpl.log).containsExactly("do broken-flight", "do broken-hotel", "do fail-car",
                "undo broken-hotel", "undo broken-flight");
    }

    @Test
    void parallelCompensationRunsEveryUndo(Booking booking) {
        assertThat(booking.book(new Plan(List.of("flight", "hotel", "train", "fail-car"), true, false)))
                .isEqualTo("compensated");
        assertThat(StepsImpl.log.subList(4, 7)).containsExactlyInAnyOrder("undo flight", "undo hotel", "undo train");
    }
}
