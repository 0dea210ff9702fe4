package io.reprise.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.DataConverter;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.internal.failure.FailureConverter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The named states of the command state machines and the transitions they refuse. */
class CommandStateMachineStatesTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static HistoryEvent event(long id, EventAttributes attributes) {
        return new HistoryEvent(id, T0, attributes);
    }

    @Test
    void aSignalToAnotherExecutionIsInitiatedThenDeliveredAndTakesNoOutcomeBeforeItIsInitiated() {
        ExternalWorkflowStateMachine signal = new ExternalWorkflowStateMachine(
                new Command.SignalExternalWorkflowExecution("other", null, "poke", List.of()), null);
        HistoryEvent signaled = event(6, new EventAttributes.ExternalWorkflowExecutionSignaled("other", "r", 5));

        assertThatThrownBy(() -> signal.onEvent(signaled)).isInstanceOf(IllegalStateException.class)
                .hasMessage("SignalExternalWorkflowExecution(workflowId=\"other\", signalName=\"poke\") received "
                        + "6 ExternalWorkflowExecutionSignaled in state CREATED (expected INITIATED)");

        signal.onRecorded(event(5, new EventAttributes.SignalExternalWorkflowExecutionInitiated("other", null, "poke",
                List.of(), 4)));
        assertThat(signal.state()).isEqualTo(ExternalWorkflowStateMachine.State.INITIATED);
        signal.onEvent(signaled);
        assertThat(signal.state()).isEqualTo(ExternalWorkflowStateMachine.State.DELIVERED);
        assertThat(signal.delivered().isCompleted()).isTrue();
    }

    @Test
    void aCommandThatIsOnlyRecordedIsRecordedOnce() {
        SideEffectStateMachine sideEffect = new SideEffectStateMachine(1,
                DataConverter.getDefaultInstance().toPayload("x"), null);
        HistoryEvent marker = event(5, new EventAttributes.MarkerRecorded(SideEffectStateMachine.MARKER_NAME,
                ((Command.RecordMarker) sideEffect.command()).details(), null, 4));

        sideEffect.onRecorded(marker);

        assertThat(sideEffect.state()).isEqualTo(RecordOnlyStateMachine.State.RECORDED);
        assertThatThrownBy(() -> sideEffect.onRecorded(marker)).isInstanceOf(IllegalStateException.class)
                .hasMessage("RecordMarker(markerName=\"SideEffect\", id=1) received 5 MarkerRecorded in state "
                        + "RECORDED (expected CREATED)");
    }

    @Test
    void aChildWorkflowStartsOnceAfterItIsInitiated() {
        ChildWorkflowStateMachine child = new ChildWorkflowStateMachine(null, null,
                new Command.StartChildWorkflowExecution("child-1", "Child", "queue", List.of(), null, null, null,
                        null, null, null, null), null, new FailureConverter(DataConverter.getDefaultInstance()));
        HistoryEvent started = event(6, new EventAttributes.ChildWorkflowExecutionStarted("child-1", "run-9",
                "Child", 5));

        assertThatThrownBy(() -> child.onEvent(started)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Child workflow StartChildWorkflowExecution(workflowType=\"Child\", workflowId=\"child-1\")"
                        + " received 6 ChildWorkflowExecutionStarted in state CREATED (expected INITIATED)");
    }

    @Test
    void aLocalActivityIsHandedToTheWorkerOnce() {
        LocalActivityStateMachine la = new LocalActivityStateMachine(new LocalActivityRequest("default",
                new WorkflowExecution("wf", "run"), "Wf", "queue", "1", "Lookup", List.of(), null, 1, 0));

        la.executing();

        assertThat(la.state()).isEqualTo(LocalActivityStateMachine.State.EXECUTING);
        assertThatThrownBy(la::executing).isInstanceOf(IllegalStateException.class)
                .hasMessage("Local activity \"Lookup\" (activityId \"1\") handed to the worker in state EXECUTING "
                        + "(expected REQUESTED)");
    }
}
