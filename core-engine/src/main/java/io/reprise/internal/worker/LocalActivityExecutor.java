package io.reprise.internal.worker;

import io.reprise.activity.ActivityInfo;
import io.reprise.activity.LocalActivityOptions;
import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.common.RetryOptions;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.RetryDecision;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.failure.ApplicationFailure;
import io.reprise.failure.TimeoutType;
import io.reprise.internal.context.ContextPropagation;
import io.reprise.internal.failure.FailureConverter;
import io.reprise.internal.mapping.RetryPolicies;
import io.reprise.internal.metadata.MethodArguments;
import io.reprise.internal.replay.LocalActivityOutcome;
import io.reprise.internal.replay.LocalActivityRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Runs the local activities of a worker's workflow tasks in this process, next to the workflow
 * worker: attempts with the retry policy ({@link RetryDecision}), backoffs up to the local retry
 * threshold waited here, each attempt bounded by its Start-To-Close timeout and all of them by the
 * Schedule-To-Close timeout (both real time, from the first attempt here). At most
 * {@code maxConcurrentLocalActivityExecutions} run at once; a longer backoff goes back to the
 * workflow, which waits it with a durable timer.
 */
public final class LocalActivityExecutor {

    private final ActivityImplementations implementations;
    private final DataConverter converter;
    private final FailureConverter failures;
    private final Semaphore slots;
    private final WorkerClock clock;
    private final ContextPropagation propagation;

    public LocalActivityExecutor(DataConverter converter, int maxConcurrent,
            ActivityImplementations implementations) {
        this(converter, maxConcurrent, implementations, ContextPropagation.NONE);
    }

    /** Local activities run with the contexts their requests' headers carry ({@code propagation}'s). */
    public LocalActivityExecutor(DataConverter converter, int maxConcurrent,
            ActivityImplementations implementations, ContextPropagation propagation) {
        this(converter, maxConcurrent, implementations, WorkerClock.SYSTEM, propagation);
    }

    LocalActivityExecutor(DataConverter converter, int maxConcurrent,
            ActivityImplementations implementations, WorkerClock clock) {
        this(converter, maxConcurrent, implementations, clock, ContextPropagation.NONE);
    }

    private LocalActivityExecutor(DataConverter converter, int maxConcurrent,
            ActivityImplementations implementations, WorkerClock clock, ContextPropagation propagation) {
        this.propagation = propagation;
        this.implementations = implementations;
        this.converter = converter;
        this.failures = new FailureConverter(converter);
        this.slots = new Semaphore(maxConcurrent);
        this.clock = clock;
    }

    /** Runs {@code request} on a virtual thread of its own and hands its outcome to {@code done}. */
    public void start(LocalActivityRequest request, Consumer<LocalActivityOutcome> done) {
        Thread.ofVirtual().name("local-activity-runner[" + request.activityType() + "]").start(() -> {
            try {
                done.accept(execute(request));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Runs {@code request}'s attempts once a slot is free; returns how they ended. */
    LocalActivityOutcome execute(LocalActivityRequest request) throws InterruptedException {
        slots.acquire();
        try {
            return runAttempts(request);
        } finally {
            slots.release();
        }
    }

    private LocalActivityOutcome runAttempts(LocalActivityRequest request) throws InterruptedException {
        LocalActivityOptions lo = request.options();
        RetryPolicy policy = RetryPolicies.toPolicy(lo.getRetryOptions() != null ? lo.getRetryOptions()
                : RetryOptions.DEFAULT);
        Duration startToClose = lo.getStartToCloseTimeout() != null ? lo.getStartToCloseTimeout()
                : lo.getScheduleToCloseTimeout();
        Long deadline = lo.getScheduleToCloseTimeout() == null ? null
                : clock.nanoTime() + lo.getScheduleToCloseTimeout().toNanos();
        int attempt = request.attempt();
        while (true) {
            long attemptNanos = deadline == null ? startToClose.toNanos()
                    : Math.min(startToClose.toNanos(), deadline - clock.nanoTime());
            Attempt outcome = runAttempt(request, attempt, attemptNanos);
            if (outcome.failure() == null) {
                return new LocalActivityOutcome(request.activityId(), attempt, outcome.result(), null, null, null);
            }
            Duration remaining = deadline == null ? null : Duration.ofNanos(deadline - clock.nanoTime());
            RetryDecision decision = RetryDecision.decide(policy, attempt, outcome.failure(), remaining);
            if (!decision.retry()) {
                return new LocalActivityOutcome(request.activityId(), attempt, null, outcome.failure(),
                        decision.retryState(), null);
            }
            if (decision.backoff().compareTo(lo.getLocalRetryThreshold()) > 0) {
                return new LocalActivityOutcome(request.activityId(), attempt, null, outcome.failure(),
                        decision.retryState(), decision.backoff());
            }
            clock.sleep(decision.backoff().toNanos());
            attempt++;
        }
    }

    /** What one attempt produced: a result, or a failure. */
    private record Attempt(Payload result, Failure failure) {
    }

    /** One attempt on its own virtual thread, abandoned (interrupted) after {@code timeoutNanos}. */
    private Attempt runAttempt(LocalActivityRequest request, int attempt, long timeoutNanos)
            throws InterruptedException {
        ActivityImplementation impl = implementations.get(request.activityType());
        if (impl == null) {
            return new Attempt(null, failures.toFailure(ApplicationFailure.newNonRetryableFailure(
                    implementations.notRegistered("Local activity", request.activityType()),
                    ActivityWorker.NOT_REGISTERED_TYPE)));
        }
        Instant now = Instant.now();
        ActivityInfo info = new ActivityInfo(request.namespace(), request.execution().workflowId(),
                request.execution().runId(), request.workflowType(), request.activityId(), request.activityType(),
                request.taskQueue(), attempt, Instant.ofEpochMilli(request.scheduledTimeMillis()), now, now,
                orZero(request.options().getScheduleToCloseTimeout()), Duration.ZERO,
                orZero(request.options().getStartToCloseTimeout()), Duration.ZERO, null, List.of(), true);
        Attempt[] outcome = new Attempt[1];
        Thread thread = Thread.ofVirtual().name("local-activity[" + request.activityType() + "]").start(() -> {
            ActivityContextHolder.set(new ExecutionContextImpl(info, converter, null));
            try {
                propagation.makeCurrent(propagation.contextsOf(request.header()));
                Method method = impl.method().method();
                Object[] args = MethodArguments.decode(method, request.input(), converter);
                try {
                    outcome[0] = new Attempt(converter.toPayload(method.invoke(impl.target(), args)), null);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            } catch (Throwable t) {
                outcome[0] = new Attempt(null, failures.toFailure(t));
            } finally {
                ActivityContextHolder.clear();
            }
            // The thread ends here: its thread-local contexts end with it.
        });
        if (!thread.join(Duration.ofNanos(Math.max(0, timeoutNanos)))) {
            thread.interrupt();
            return new Attempt(null, Failure.timeout(TimeoutType.START_TO_CLOSE, List.of(), null));
        }
        return outcome[0];
    }

    private static Duration orZero(Duration d) {
        return d == null ? Duration.ZERO : d;
    }
}
