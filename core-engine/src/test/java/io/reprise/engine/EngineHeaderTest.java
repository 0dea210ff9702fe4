package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.Payload;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.SignalWithStartWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Headers (context propagation) go where Temporal puts them: the start's into WorkflowExecutionStarted, a
 * schedule's into ActivityTaskScheduled and every attempt's task, a child start's into both runs' events, a signal's
 * into WorkflowExecutionSignaled; retries and cron runs keep the run's header, continue-as-new takes the command's.
 */
class EngineHeaderTest extends EngineTestBase {

    private static final Map<String, Payload> TRACE = Map.of("traceparent", json("\"00-abc-01\""),
            "tenant", json("\"acme\""));
    private static final Map<String, Payload> OTHER = Map.of("traceparent", json("\"00-def-01\""));

    private static StartWorkflowRequest requestWithHeader(String workflowId, Map<String, Payload> header) {
        return request(workflowId).withHeader(header);
    }

    private static <T> T first(List<HistoryEvent> events, Class<T> type) {
        return events.stream().filter(e -> type.isInstance(e.attributes())).map(e -> type.cast(e.attributes()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + events));
    }

    @Test
    void theStartsHeaderIsRecordedInWorkflowExecutionStartedAndReachesTheWorker() {
        engine.startWorkflow(requestWithHeader("h-start", TRACE));

        WorkflowTask task = pollWorkflowTask();
        assertThat(first(task.history(), EventAttributes.WorkflowExecutionStarted.class).header())
                .isEqualTo(TRACE);
        assertThat(first(history("h-start"), EventAttributes.WorkflowExecutionStarted.class).header())
                .isEqualTo(TRACE);
    }

    @Test
    void aStartWithoutAHeaderRecordsAnEmptyOne() {
        start("h-none");

        assertThat(first(history("h-none"), EventAttributes.WorkflowExecutionStarted.class).header()).isEmpty();
    }

    @Test
    void everyAttemptOfAnActivityCarriesItsScheduleHeaderAlsoAfterARestart() {
        startWith("h-activity", new Command.ScheduleActivityTask(null, "ChargeCard", null, List.of(json("42")), null,
                null, Duration.ofSeconds(30), null, null, TRACE));
        assertThat(first(history("h-activity"), EventAttributes.ActivityTaskScheduled.class).header())
                .isEqualTo(TRACE);
        ActivityTask attempt1 = pollActivity();
        assertThat(attempt1.header()).isEqualTo(TRACE);

        engine.failActivityTask(attempt1.taskToken(), failure("Declined"), "activity-worker");
        clock.advance(Duration.ofSeconds(1));
        ActivityTask attempt2 = pollActivity();
        assertThat(attempt2.attempt()).isEqualTo(2);
        assertThat(attempt2.header()).isEqualTo(TRACE);

        // The header is part of the run's snapshot: the attempt after a restart has it too.
        engine.close();
        store = reopenStore();
        engine = newEngine();
        clock.advance(Duration.ofSeconds(2)); // the lost attempt 2 is retried after the policy's backoff
        ActivityTask attempt3 = pollActivity();
        assertThat(attempt3.attempt()).isEqualTo(3);
        assertThat(attempt3.header()).isEqualTo(TRACE);
    }

    @Test
    void aChildsHeaderIsRecordedInTheParentsInitiatedEventAndTheChildsStart() {
        startWith("h-parent", new Command.StartChildWorkflowExecution("h-child", "OrderWorkflow", "children",
                List.of(), null, null, null, null, null, null, null, TRACE));

        assertThat(first(history("h-parent"), EventAttributes.StartChildWorkflowExecutionInitiated.class).header())
                .isEqualTo(TRACE);
        WorkflowTask childTask = pollWorkflowTask("children");
        assertThat(childTask.execution().workflowId()).isEqualTo("h-child");
        assertThat(first(childTask.history(), EventAttributes.WorkflowExecutionStarted.class).header())
                .isEqualTo(TRACE);
    }

    @Test
    void aSignalsHeaderIsRecordedInWorkflowExecutionSignaled() {
        start("h-signal");

        engine.signalWorkflow(new SignalWorkflowRequest(NS, "h-signal", null, "addItem", List.of(json("1")),
                "client-1", null, TRACE));
        engine.signalWorkflow(NS, "h-signal", null, "addItem", List.of(json("2")), "client-1");

        List<EventAttributes.WorkflowExecutionSignaled> signals = history("h-signal").stream()
                .filter(e -> e.eventType() == EventType.WorkflowExecutionSignaled)
                .map(e -> e.attributes(EventAttributes.WorkflowExecutionSignaled.class)).toList();
        assertThat(signals).extracting(EventAttributes.WorkflowExecutionSignaled::header)
                .containsExactly(TRACE, Map.of());
    }

    @Test
    void signalWithStartRecordsTheStartsAndTheSignalsHeaders() {
        engine.signalWithStartWorkflow(new SignalWithStartWorkflowRequest(requestWithHeader("h-sws", TRACE),
                "addItem", List.of(json("1")), OTHER));

        List<HistoryEvent> events = history("h-sws");
        assertThat(first(events, EventAttributes.WorkflowExecutionStarted.class).header()).isEqualTo(TRACE);
        assertThat(first(events, EventAttributes.WorkflowExecutionSignaled.class).header()).isEqualTo(OTHER);
    }

    @Test
    void aRetryOfTheWorkflowKeepsTheRunsHeader() {
        StartWorkflowRequest request = new StartWorkflowRequest(NS, "h-retry", "OrderWorkflow", QUEUE, List.of(),
                null, null, null, "client-1", null, null, false, retry(3), null, null, null, TRACE);
        WorkflowExecution first = engine.startWorkflow(request);
        complete(pollWorkflowTask(), new Command.FailWorkflowExecution(failure("Boom")));

        List<HistoryEvent> retried = history("h-retry");
        EventAttributes.WorkflowExecutionStarted started = first(retried,
                EventAttributes.WorkflowExecutionStarted.class);
        assertThat(started.continuedExecutionRunId()).isEqualTo(first.runId());
        assertThat(started.initiator()).isEqualTo(EventAttributes.ContinueAsNewInitiator.RETRY);
        assertThat(started.header()).isEqualTo(TRACE);
    }

    @Test
    void theNextCronRunKeepsTheRunsHeader() {
        StartWorkflowRequest request = new StartWorkflowRequest(NS, "h-cron", "OrderWorkflow", QUEUE, List.of(),
                null, null, null, "client-1", null, null, false, null, "* * * * *", null, null, TRACE);
        WorkflowExecution first = engine.startWorkflow(request);
        clock.advance(Duration.ofMinutes(1));
        complete(pollWorkflowTask(), new Command.CompleteWorkflowExecution(json("\"done\"")));

        EventAttributes.WorkflowExecutionStarted started = first(history("h-cron"),
                EventAttributes.WorkflowExecutionStarted.class);
        assertThat(started.continuedExecutionRunId()).isEqualTo(first.runId());
        assertThat(started.initiator()).isEqualTo(EventAttributes.ContinueAsNewInitiator.CRON_SCHEDULE);
        assertThat(started.header()).isEqualTo(TRACE);
    }

    @Test
    void continueAsNewGivesTheNewRunTheCommandsHeaderNotTheOldRuns() {
        engine.startWorkflow(requestWithHeader("h-can", TRACE));
        complete(pollWorkflowTask(), new Command.ContinueAsNewWorkflowExecution(null, null, List.of(), null, null,
                OTHER));

        WorkflowTask next = pollWorkflowTask();
        assertThat(first(next.history(), EventAttributes.WorkflowExecutionStarted.class).header()).isEqualTo(OTHER);
        String firstRunId = first(next.history(), EventAttributes.WorkflowExecutionStarted.class)
                .continuedExecutionRunId();
        assertThat(last(engine.getHistory(NS, "h-can", firstRunId),
                EventAttributes.WorkflowExecutionContinuedAsNew.class).header()).isEqualTo(OTHER);
    }

    @Test
    void anOversizeHeaderValueIsRefusedNamingIt() {
        Payload big = new Payload(Payload.ENCODING_JSON, new byte[EngineOptions.DEFAULT_MAX_PAYLOAD_SIZE + 1]);

        assertThatThrownBy(() -> engine.startWorkflow(requestWithHeader("h-big", Map.of("baggage", big))))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.getCode())
                        .isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessageContaining("header[\"baggage\"] is " + big.size() + " bytes");
        assertThatThrownBy(() -> engine.describeWorkflow(NS, "h-big", null)).isInstanceOf(EngineException.class);
    }
}
