package io.reprise.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.DataConverter;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.failure.CanceledFailure;
import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import io.reprise.worker.NonDeterministicException;
import io.reprise.worker.WorkflowImplementationOptions;
import io.reprise.worker.WorkflowPanicPolicy;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A timer canceled while it fires, fed to a run event by event: the outcome depends on whether its
 * CancelTimer command was sent before the TimerFired arrived.
 */
class TimerCancellationRaceTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final DataConverter CONVERTER = DataConverter.getDefaultInstance();

    @WorkflowInterface
    public interface Waits {
        @WorkflowMethod
        String waitAMinute();
    }

    public static final class WaitsImpl implements Waits {
        @Override
        public String waitAMinute() {
            try {
                Workflow.sleep(Duration.ofMinutes(1));
                return "fired";
            } catch (CanceledFailure e) {
                return "canceled";
            }
        }
    }

    private final List<HistoryEvent> history = new ArrayList<>();
    private final WorkflowRun run = new WorkflowRun("default", new WorkflowExecution("waits", "run-1"),
            new WorkflowDefinition("Waits", WorkflowInterfaceMetadata.forInterface(Waits.class), WaitsImpl.class,
                    WaitsImpl::new, WorkflowImplementationOptions.getDefaultInstance()),
            CONVERTER, WorkflowPanicPolicy.FAIL_WORKFLOW_TASK, Duration.ofSeconds(5), Integer.MAX_VALUE, false);

    @AfterEach
    void close() {
        run.close();
    }

    /** Appends the next events, numbered on from the history so far, and returns them. */
    private List<HistoryEvent> append(EventAttributes... attributes) {
        List<HistoryEvent> added = new ArrayList<>();
        for (EventAttributes a : attributes) {
            HistoryEvent event = new HistoryEvent(history.size() + 1, T0.plusSeconds(history.size()), a);
            history.add(event);
            added.add(event);
        }
        return added;
    }

    /** The first workflow task: the code starts the timer "1". */
    private void startTheTimer() {
        List<Command> commands = run.processWorkflowTask(append(
                new EventAttributes.WorkflowExecutionStarted("Waits", "queue", List.of(), null, null, null, "test",
                        "run-1", 1),
                new EventAttributes.WorkflowTaskScheduled("queue", Duration.ofSeconds(10), 1),
                new EventAttributes.WorkflowTaskStarted(2, "test")));
        assertThat(commands).containsExactly(new Command.StartTimer("1", Duration.ofMinutes(1)));
    }

    @Test
    void aTimerThatFiresRightAfterItsCancellationDropsTheUnsentCancelTimer() {
        startTheTimer();

        List<Command> commands = run.processWorkflowTask(append(
                new EventAttributes.WorkflowTaskCompleted(2, 3, "test"),
                new EventAttributes.TimerStarted("1", Duration.ofMinutes(1), 4),
                new EventAttributes.WorkflowExecutionCancelRequested("enough", "client"),
                new EventAttributes.TimerFired("1", 5),
                new EventAttributes.WorkflowTaskScheduled("queue", Duration.ofSeconds(10), 1),
                new EventAttributes.WorkflowTaskStarted(8, "test")));

        assertThat(commands).containsExactly(new Command.CompleteWorkflowExecution(CONVERTER.toPayload("canceled")));
    }

    @Test
    void aTimerCanceledBeforeItFiredSendsCancelTimerAndTheRecordedCancellationEndsIt() {
        startTheTimer();
        List<Command> commands = run.processWorkflowTask(append(
                new EventAttributes.WorkflowTaskCompleted(2, 3, "test"),
                new EventAttributes.TimerStarted("1", Duration.ofMinutes(1), 4),
                new EventAttributes.WorkflowExecutionCancelRequested("enough", "client"),
                new EventAttributes.WorkflowTaskScheduled("queue", Duration.ofSeconds(10), 1),
                new EventAttributes.WorkflowTaskStarted(7, "test")));
        assertThat(commands).containsExactly(new Command.CancelTimer("1"),
                new Command.CompleteWorkflowExecution(CONVERTER.toPayload("canceled")));

        run.processWorkflowTask(append(
                new EventAttributes.WorkflowTaskCompleted(7, 8, "test"),
                new EventAttributes.TimerCanceled("1", 5, 9),
                new EventAttributes.WorkflowExecutionCompleted(CONVERTER.toPayload("canceled"), 9)));

        run.checkFullyMatched(history);
    }

    @Test
    void aTimerThatFiresAfterItsCancelTimerWasSentIsANonDeterminismError() {
        startTheTimer();
        run.processWorkflowTask(append(
                new EventAttributes.WorkflowTaskCompleted(2, 3, "test"),
                new EventAttributes.TimerStarted("1", Duration.ofMinutes(1), 4),
                new EventAttributes.WorkflowExecutionCancelRequested("enough", "client"),
                new EventAttributes.WorkflowTaskScheduled("queue", Duration.ofSeconds(10), 1),
                new EventAttributes.WorkflowTaskStarted(7, "test")));

        assertThatThrownBy(() -> run.processWorkflowTask(append(
                new EventAttributes.WorkflowTaskCompleted(7, 8, "test"),
                new EventAttributes.TimerFired("1", 5))))
                .isInstanceOf(NonDeterministicException.class)
                .hasMessage("History has event #10 TimerFired(timerId=\"1\") for timer \"1\" but the workflow code "
                        + "started no such timer");
    }
}
