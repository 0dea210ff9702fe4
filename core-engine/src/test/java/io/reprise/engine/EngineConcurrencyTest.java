package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Many workflows at once through parallel pollers (normal and sticky queues), on the real store:
 * every workflow completes, no task is lost or handed out twice, histories stay dense.
 */
class EngineConcurrencyTest extends EngineTestBase {

    private static final int WORKFLOWS = 300;
    private static final String STICKY = "worker-1-sticky";

    private final Map<String, Integer> resultsSeen = new ConcurrentHashMap<>();

    @Test
    void everyWorkflowCompletesWhenDrivenInParallel() throws Exception {
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> pollers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pollers.add(Thread.ofVirtual().start(() -> pollWorkflowTasks(QUEUE, errors)));
            pollers.add(Thread.ofVirtual().start(() -> pollWorkflowTasks(STICKY, errors)));
            pollers.add(Thread.ofVirtual().start(() -> pollActivityTasks(errors)));
        }
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < WORKFLOWS; i++) {
                String id = "parallel-" + i;
                starters.submit(() -> start(id));
            }
        }

        for (int i = 0; i < WORKFLOWS; i++) {
            String id = "parallel-" + i;
            assertThat(engine.awaitOutcome(NS, id, null, Duration.ofSeconds(30))).as(id).isPresent()
                    .get().extracting(o -> o.status()).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        }
        pollers.forEach(Thread::interrupt);
        assertThat(errors).isEmpty();
        for (int i = 0; i < WORKFLOWS; i += 37) {
            List<HistoryEvent> history = history("parallel-" + i);
            assertThat(history).extracting(HistoryEvent::eventId)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, history.size()).boxed().toList());
            assertThat(types(history)).filteredOn(t -> t == EventType.ActivityTaskCompleted).hasSize(2);
        }
    }

    /**
     * First task: two activities; then complete once both results were seen. Sticky tasks carry only
     * new events, so like a real worker's cache this remembers what each run has seen.
     */
    private void pollWorkflowTasks(String queue, ConcurrentLinkedQueue<Throwable> errors) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Optional<WorkflowTask> polled = engine.pollWorkflowTask(NS, queue, "worker-1", Duration.ofMillis(200));
                if (polled.isEmpty()) {
                    continue;
                }
                WorkflowTask task = polled.get();
                int results = (int) task.history().stream()
                        .filter(e -> e.eventType() == EventType.ActivityTaskCompleted).count();
                int seen = task.hasFullHistory() ? results
                        : resultsSeen.merge(task.execution().runId(), results, Integer::sum);
                resultsSeen.put(task.execution().runId(), seen);
                List<Command> commands = task.previousStartedEventId() == 0
                        ? List.of(activity("A", Duration.ofSeconds(30)), activity("B", Duration.ofSeconds(30)))
                        : seen == 2 ? List.of(new Command.CompleteWorkflowExecution(json("1"))) : List.of();
                engine.completeWorkflowTask(task.taskToken(), commands, "worker-1", STICKY);
            } catch (Throwable e) {
                if (!Thread.currentThread().isInterrupted()) {
                    errors.add(e);
                }
                return;
            }
        }
    }

    private void pollActivityTasks(ConcurrentLinkedQueue<Throwable> errors) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Optional<ActivityTask> task = engine.pollActivityTask(NS, QUEUE, "worker-1", Duration.ofMillis(200));
                if (task.isPresent()) {
                    engine.completeActivityTask(task.get().taskToken(), json("2"), "worker-1");
                }
            } catch (Throwable e) {
                if (!Thread.currentThread().isInterrupted()) {
                    errors.add(e);
                }
                return;
            }
        }
    }
}
