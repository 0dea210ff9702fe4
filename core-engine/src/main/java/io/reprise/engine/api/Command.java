package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.time.Duration;
import java.util.List;

/**
 * What workflow code asks the engine to do, sent when a Workflow Task completes. The engine
 * records each command as its matching event, in order, right after WorkflowTaskCompleted.
 */
public sealed interface Command {

    /** The event type the engine records for this command. */
    EventType recordedAs();

    /** Timeouts are as the workflow gave them ({@code null} = not set); the engine applies the defaults. */
    record ScheduleActivityTask(
            String activityId,
            String activityType,
            String taskQueue,
            List<Payload> input,
            Duration scheduleToCloseTimeout,
            Duration scheduleToStartTimeout,
            Duration startToCloseTimeout,
            Duration heartbeatTimeout,
            RetryPolicy retryPolicy) implements Command {
        public ScheduleActivityTask {
            input = input == null ? List.of() : List.copyOf(input);
        }

        @Override
        public EventType recordedAs() {
            return EventType.ActivityTaskScheduled;
        }
    }

    record StartTimer(String timerId, Duration startToFireTimeout) implements Command {
        @Override
        public EventType recordedAs() {
            return EventType.TimerStarted;
        }
    }

    record CompleteWorkflowExecution(Payload result) implements Command {
        @Override
        public EventType recordedAs() {
            return EventType.WorkflowExecutionCompleted;
        }
    }

    record FailWorkflowExecution(Failure failure) implements Command {
        @Override
        public EventType recordedAs() {
            return EventType.WorkflowExecutionFailed;
        }
    }
}
