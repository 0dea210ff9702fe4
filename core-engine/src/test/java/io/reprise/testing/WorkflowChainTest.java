package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowExecutionAlreadyStarted;
import io.reprise.client.WorkflowExecutionMetadata;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.RetryOptions;
import io.reprise.common.WorkflowExecution;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.common.WorkflowIdReusePolicy;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.ApplicationFailure;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInfo;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Chains of runs under one Workflow Id: continue-as-new, workflow retries, cron, and Workflow Id reuse. */
class WorkflowChainTest {

    static final String QUEUE = "chains";

    @WorkflowInterface
    public interface Counter {
        @WorkflowMethod
        String count(int n, int upTo);
    }

    public static final class CounterImpl implements Counter {
        @Override
        public String count(int n, int upTo) {
            Workflow.sleep(Duration.ofMinutes(1));
            if (n < upTo) {
                Workflow.continueAsNew(n + 1, upTo);
            }
            WorkflowInfo info = Workflow.getInfo();
            return "reached " + n + " in run " + info.runId() + " continuing " + info.continuedExecutionRunId()
                    + " of chain " + info.firstExecutionRunId();
        }
    }

    @WorkflowInterface
    public interface Flaky {
        /** Fails until attempt {@code succeedOn}; with {@code failureType} "Fatal" the failure is not retried. */
        @WorkflowMethod
        String run(int succeedOn, String failureType);
    }

    public static final class FlakyImpl implements Flaky {
        @Override
        public String run(int succeedOn, String failureType) {
            int attempt = Workflow.getInfo().attempt();
            if (attempt < succeedOn) {
                throw ApplicationFailure.newFailure("attempt " + attempt + " failed", failureType);
            }
            return "succeeded on attempt " + attempt;
        }
    }

    @WorkflowInterface
    public interface Report {
        @WorkflowMethod
        String run();
    }

    /** Each run reports when it ran; the second run of the chain fails (the schedule goes on). */
    public static final class ReportImpl implements Report {
        @Override
        public String run() {
            if (Workflow.getInfo().continuedExecutionRunId() != null
                    && Workflow.currentTimeMillis() % Duration.ofHours(2).toMillis() == 0) {
                throw ApplicationFailure.newFailure("even hour", "Even");
            }
            return "ran at " + Instant.ofEpochMilli(Workflow.currentTimeMillis());
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(CounterImpl.class, FlakyImpl.class, ReportImpl.class)
            .setTaskQueue(QUEUE)
            // Frozen: backoffs between runs and cron times are asserted to the millisecond.
            .setTestEnvironmentOptions(TestEnvironmentOptions.newBuilder().setFrozenClock(true).build())
            .build();

    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, WorkflowClient client) {
        this.env = env;
        this.client = client;
    }

    private WorkflowOptions.Builder options(String workflowId) {
        return WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId);
    }

    /** The runs of a Workflow Id in chain order: the first run, then each close event's next run. */
    private List<WorkflowExecutionMetadata> runs(String workflowId) {
        List<WorkflowExecutionMetadata> all = client.listExecutions((String) null, 1000, null).executions().stream()
                .filter(e -> e.execution().workflowId().equals(workflowId))
                .sorted(Comparator.comparing(WorkflowExecutionMetadata::startTime))
                .toList();
        if (all.isEmpty()) {
            return all;
        }
        List<WorkflowExecutionMetadata> chain = new java.util.ArrayList<>();
        WorkflowExecutionMetadata current = all.stream()
                .filter(e -> started(e.execution()).continuedExecutionRunId() == null).findFirst().orElseThrow();
        while (current != null) {
            chain.add(current);
            String next = current.status() == WorkflowExecutionStatus.RUNNING ? null : nextRunId(current.execution());
            current = next == null ? null : all.stream().filter(e -> e.execution().runId().equals(next))
                    .findFirst().orElseThrow();
        }
        List<WorkflowExecutionMetadata> others = all.stream().filter(e -> !chain.contains(e)).toList();
        chain.addAll(others);
        return chain;
    }

    private String nextRunId(WorkflowExecution run) {
        return switch (closeEvent(run)) {
            case EventAttributes.WorkflowExecutionContinuedAsNew c -> c.newExecutionRunId();
            case EventAttributes.WorkflowExecutionCompleted c -> c.newExecutionRunId();
            case EventAttributes.WorkflowExecutionFailed f -> f.newExecutionRunId();
            case EventAttributes.WorkflowExecutionTimedOut t -> t.newExecutionRunId();
            default -> null;
        };
    }

    private EventAttributes.WorkflowExecutionStarted started(WorkflowExecution run) {
        return (EventAttributes.WorkflowExecutionStarted) EngineHistory.events(
                client.fetchHistory(run.workflowId(), run.runId())).get(0).attributes();
    }

    private EventAttributes closeEvent(WorkflowExecution run) {
        List<HistoryEvent> events = EngineHistory.events(client.fetchHistory(run.workflowId(), run.runId()));
        return events.get(events.size() - 1).attributes();
    }

    @Test
    void continueAsNewStartsAFreshRunAndTheResultFollowsTheChain() {
        Counter counter = client.newWorkflowStub(Counter.class, options("counter").build());

        String result = counter.count(1, 3);

        List<WorkflowExecutionMetadata> runs = runs("counter");
        assertThat(runs).extracting(WorkflowExecutionMetadata::status).containsExactly(
                WorkflowExecutionStatus.CONTINUED_AS_NEW, WorkflowExecutionStatus.CONTINUED_AS_NEW,
                WorkflowExecutionStatus.COMPLETED);
        WorkflowExecution first = runs.get(0).execution();
        WorkflowExecution second = runs.get(1).execution();
        WorkflowExecution last = runs.get(2).execution();
        assertThat(result).isEqualTo("reached 3 in run " + last.runId() + " continuing " + second.runId()
                + " of chain " + first.runId());
        var continued = (EventAttributes.WorkflowExecutionContinuedAsNew) closeEvent(first);
        assertThat(continued.newExecutionRunId()).isEqualTo(second.runId());
        EventAttributes.WorkflowExecutionStarted lastStart = started(last);
        assertThat(lastStart.initiator()).isEqualTo(EventAttributes.ContinueAsNewInitiator.WORKFLOW);
        assertThat(lastStart.continuedExecutionRunId()).isEqualTo(second.runId());
        assertThat(lastStart.firstExecutionRunId()).isEqualTo(first.runId());
        // A fresh history: the last run starts at event 1 and holds only its own events.
        assertThat(EngineHistory.events(client.fetchHistory("counter", last.runId())).get(0).eventId()).isEqualTo(1);
        assertThat(EngineHistory.events(client.fetchHistory("counter", last.runId()))).hasSizeLessThan(15);
    }

    @Test
    void aFailedWorkflowIsRetriedPerItsRetryPolicyWithBackoffBetweenRuns() {
        Flaky flaky = client.newWorkflowStub(Flaky.class, options("flaky").setRetryOptions(RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(10)).setBackoffCoefficient(2).build()).build());

        String result = flaky.run(3, "Transient");

        assertThat(result).isEqualTo("succeeded on attempt 3");
        List<WorkflowExecutionMetadata> runs = runs("flaky");
        assertThat(runs).extracting(WorkflowExecutionMetadata::status).containsExactly(WorkflowExecutionStatus.FAILED,
                WorkflowExecutionStatus.FAILED, WorkflowExecutionStatus.COMPLETED);
        assertThat(runs).extracting(r -> started(r.execution()).attempt()).containsExactly(1, 2, 3);
        assertThat(runs).extracting(r -> started(r.execution()).firstWorkflowTaskBackoff())
                .containsExactly(null, Duration.ofSeconds(10), Duration.ofSeconds(20));
        var firstFailure = (EventAttributes.WorkflowExecutionFailed) closeEvent(runs.get(0).execution());
        assertThat(firstFailure.newExecutionRunId()).isEqualTo(runs.get(1).execution().runId());
        // Each retry's run is created when its predecessor fails; its code runs after the backoff.
        assertThat(Duration.between(runs.get(0).startTime(), runs.get(2).closeTime())).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retriesStopAtANonRetryableTypeAndAtTheMaximumAttempts() {
        Flaky fatal = client.newWorkflowStub(Flaky.class, options("fatal").setRetryOptions(RetryOptions.newBuilder()
                .setDoNotRetry("Fatal").build()).build());
        Flaky limited = client.newWorkflowStub(Flaky.class, options("limited").setRetryOptions(
                RetryOptions.newBuilder().setMaximumAttempts(2).build()).build());

        assertThatThrownBy(() -> fatal.run(5, "Fatal")).isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("attempt 1 failed");
        assertThatThrownBy(() -> limited.run(5, "Transient")).isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("attempt 2 failed");
        assertThat(runs("fatal")).hasSize(1);
        assertThat(runs("limited")).hasSize(2);
        var last = (EventAttributes.WorkflowExecutionFailed) closeEvent(runs("limited").get(1).execution());
        assertThat(last.retryState()).isEqualTo(io.reprise.failure.RetryState.MAXIMUM_ATTEMPTS_REACHED);
        assertThat(last.newExecutionRunId()).isNull();
    }

    @Test
    void retriesStopWhenTheNextRunWouldStartAfterTheExecutionTimeout() {
        Flaky flaky = client.newWorkflowStub(Flaky.class, options("bounded")
                .setWorkflowExecutionTimeout(Duration.ofSeconds(25))
                .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(10))
                        .setBackoffCoefficient(2).build()).build());

        assertThatThrownBy(() -> flaky.run(5, "Transient")).isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("attempt 2 failed");
        List<WorkflowExecutionMetadata> runs = runs("bounded");
        assertThat(runs).hasSize(2);
        var last = (EventAttributes.WorkflowExecutionFailed) closeEvent(runs.get(1).execution());
        // Attempt 2 failed at 10 s; attempt 3 would start at 30 s, after the 25 s execution timeout.
        assertThat(last.retryState()).isEqualTo(io.reprise.failure.RetryState.TIMEOUT);
    }

    @Test
    void aRunThatOutlivesItsRunTimeoutTimesOutAndIsRetried() {
        WorkflowStub stub = client.newUntypedWorkflowStub("Counter", options("slow-run")
                .setWorkflowRunTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build()).build());
        stub.start(1, 1);

        // Each run sleeps a minute: both attempts time out after 30 s.
        assertThatThrownBy(() -> stub.getResult(String.class))
                .isInstanceOfSatisfying(WorkflowFailedException.class,
                        e -> assertThat(e.getStatus()).isEqualTo(WorkflowExecutionStatus.TIMED_OUT));
        List<WorkflowExecutionMetadata> runs = runs("slow-run");
        assertThat(runs).extracting(WorkflowExecutionMetadata::status).containsExactly(
                WorkflowExecutionStatus.TIMED_OUT, WorkflowExecutionStatus.TIMED_OUT);
        assertThat(((EventAttributes.WorkflowExecutionTimedOut) closeEvent(runs.get(0).execution()))
                .newExecutionRunId()).isEqualTo(runs.get(1).execution().runId());
        assertThat(((EventAttributes.WorkflowExecutionTimedOut) closeEvent(runs.get(1).execution())).retryState())
                .isEqualTo(io.reprise.failure.RetryState.MAXIMUM_ATTEMPTS_REACHED);
    }

    @Test
    void aCronWorkflowRunsAtEachFireTimeAndAFailedRunDoesNotStopTheSchedule() {
        Instant start = env.now();
        WorkflowStub stub = client.newUntypedWorkflowStub("Report", options("hourly").setCronSchedule("0 * * * *")
                .build());
        stub.start();

        env.sleep(Duration.ofHours(3).plusMinutes(1));

        List<WorkflowExecutionMetadata> runs = runs("hourly");
        assertThat(runs).hasSize(4);
        assertThat(runs.get(3).status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
        Instant firstHour = start.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            EventAttributes close = closeEvent(runs.get(i).execution());
            Instant ranAt = firstHour.plus(Duration.ofHours(i));
            if (ranAt.toEpochMilli() % Duration.ofHours(2).toMillis() == 0 && i > 0) {
                assertThat(close).isInstanceOf(EventAttributes.WorkflowExecutionFailed.class);
            } else {
                assertThat(close).isInstanceOfSatisfying(EventAttributes.WorkflowExecutionCompleted.class,
                        c -> assertThat(client.getOptions().getDataConverter().fromPayload(c.result(), String.class,
                                String.class)).isEqualTo("ran at " + ranAt));
            }
        }
        assertThat(runs).extracting(r -> started(r.execution()).cronSchedule()).containsOnly("0 * * * *");
        assertThat(runs).extracting(r -> started(r.execution()).attempt()).containsOnly(1);
        client.newUntypedWorkflowStub("hourly").terminate("end of test");
        assertThat(runs("hourly").get(3).status()).isEqualTo(WorkflowExecutionStatus.TERMINATED);
    }

    @Test
    void aBadCronScheduleIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> client.newUntypedWorkflowStub("Report", options("bad-cron")
                .setCronSchedule("0 25 * * *").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hour field: 25 is out of range 0-23");
        assertThat(runs("bad-cron")).isEmpty();
    }

    @Test
    void workflowIdReusePoliciesDecideWhetherAClosedIdStartsAgain() {
        client.newWorkflowStub(Flaky.class, options("reuse").build()).run(1, "x");

        assertThatThrownBy(() -> client.newWorkflowStub(Flaky.class, options("reuse")
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.REJECT_DUPLICATE).build()).run(1, "x"))
                .isInstanceOf(WorkflowExecutionAlreadyStarted.class)
                .hasMessageContaining("REJECT_DUPLICATE never allows a new run with this id");
        assertThatThrownBy(() -> client.newWorkflowStub(Flaky.class, options("reuse")
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY).build()).run(1, "x"))
                .isInstanceOf(WorkflowExecutionAlreadyStarted.class)
                .hasMessageContaining("which is COMPLETED");
        assertThat(runs("reuse")).hasSize(1);

        assertThatThrownBy(() -> client.newWorkflowStub(Flaky.class, options("reuse").build()).run(2, "x"))
                .isInstanceOf(WorkflowFailedException.class);
        assertThat(client.newWorkflowStub(Flaky.class, options("reuse")
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY).build()).run(1, "x"))
                .isEqualTo("succeeded on attempt 1");
        assertThat(runs("reuse")).hasSize(3);
    }

    @Test
    void aRunningIdIsRefusedReturnedOrTerminatedAsTheOptionsSay() {
        WorkflowStub first = client.newUntypedWorkflowStub("Counter", options("running").build());
        WorkflowExecution running = first.start(1, 1);

        assertThatThrownBy(() -> client.newUntypedWorkflowStub("Counter", options("running").build()).start(1, 1))
                .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
        WorkflowExecution attached = client.newUntypedWorkflowStub("Counter", options("running")
                .setErrorWhenAlreadyStarted(false).build()).start(1, 1);
        assertThat(attached).isEqualTo(running);

        WorkflowExecution replacement = client.newUntypedWorkflowStub("Counter", options("running")
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.TERMINATE_IF_RUNNING).build()).start(1, 1);

        assertThat(replacement.runId()).isNotEqualTo(running.runId());
        assertThat(client.describe("running", running.runId()).status()).isEqualTo(WorkflowExecutionStatus.TERMINATED);
        assertThat(closeEvent(running)).isInstanceOfSatisfying(EventAttributes.WorkflowExecutionTerminated.class,
                t -> assertThat(t.reason()).contains("TERMINATE_IF_RUNNING"));
    }
}
