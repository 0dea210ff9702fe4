package io.reprise.engine.matching;

import io.reprise.engine.timer.Deadlines;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Matches tasks with the workers that poll for them. There is one FIFO queue per
 * {@link TaskQueueId}; a task dispatched while a poller waits goes straight to it (sync match),
 * otherwise it waits in the queue. Polls are real long polls bounded by a real-time deadline,
 * independent of the engine clock.
 *
 * <p>Matching holds no execution state: the engine's {@code starter} decides, for each task a
 * poller takes, whether it is still current and turns it into what the worker receives.
 */
public final class MatchingService implements AutoCloseable {

    private final ConcurrentHashMap<TaskQueueId, TaskQueue> queues = new ConcurrentHashMap<>();
    /** Tasks taken from a queue whose starter has not returned yet. */
    private final AtomicInteger handedOut = new AtomicInteger();
    /** Counts dispatches and hand-outs, so an observer can tell whether tasks moved while it looked. */
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean closed;

    /** Adds a task to its queue, or hands it to a waiting poller. Ignored once closed. */
    public void dispatch(TaskQueueId queue, QueuedTask task) {
        if (!closed) {
            queue(queue).add(task);
            changes.incrementAndGet();
        }
    }

    /**
     * Waits up to {@code wait} for a task and returns what {@code starter} makes of it. The
     * starter returns {@code null} for a task that is no longer current; such tasks are skipped
     * and the poll goes on until the same deadline. Returns empty at the deadline, once the
     * service is closed, or when the calling thread is interrupted (the flag stays set); a task taken
     * by a thread found interrupted goes back to the head of its queue without being started. A task
     * handed to this poll while it was reserved ({@link ReservedPoller}) was started by the transition
     * that created it and cannot go back: the starter gets it even on an interrupted thread, and takes
     * the start back itself. Exceptions from the starter propagate.
     */
    public <R> Optional<R> poll(TaskQueueId queueId, Duration wait, Function<QueuedTask, R> starter) {
        return poll(queueId, wait, null, null, starter);
    }

    /**
     * Like {@link #poll(TaskQueueId, Duration, Function)}, also setting the queue's dispatch rate
     * ({@code null}: leave it as it is; zero or negative: unlimited). The latest rate a poller sent
     * holds for the whole queue: tasks are handed out no faster than that, in real time.
     * {@code pollerIdentity} is what a {@link ReservedPoller} of this poll reports.
     */
    public <R> Optional<R> poll(TaskQueueId queueId, Duration wait, Double maxTasksPerSecond,
            String pollerIdentity, Function<QueuedTask, R> starter) {
        long deadline = Deadlines.after(wait);
        TaskQueue queue = queue(queueId);
        if (maxTasksPerSecond != null) {
            queue.setRateLimit(maxTasksPerSecond);
        }
        while (!closed) {
            QueuedTask task = queue.take(deadline, handedOut, pollerIdentity);
            if (task == null) {
                return Optional.empty();
            }
            changes.incrementAndGet();
            if (Thread.currentThread().isInterrupted() && !task.handedOver) {
                // The poll was abandoned (a worker stopping, a remote poll cancelled) while the task was taken:
                // it goes back to the head of its queue unstarted, as if this poller had never come.
                queue.add(task, true);
                handedOut.decrementAndGet();
                return Optional.empty();
            }
            try {
                R started = starter.apply(task);
                if (started != null) {
                    return Optional.of(started);
                }
            } finally {
                handedOut.decrementAndGet();
            }
        }
        return Optional.empty();
    }

    /**
     * Sets aside a poller parked on {@code queueId} for a task about to be created (see
     * {@link ReservedPoller}), or returns {@code null} when none waits, the queue's rate limit
     * holds tasks back, or the service is closed. A reserved poller counts as a task being handed
     * out ({@link #hasTaskForActiveWorker}) until it is handed its task or released.
     */
    public ReservedPoller reserveWaitingPoller(TaskQueueId queueId) {
        if (closed) {
            return null;
        }
        TaskQueue queue = queues.get(queueId);
        ReservedPoller reserved = queue == null ? null : queue.reserve(handedOut);
        if (reserved != null) {
            changes.incrementAndGet();
        }
        return reserved;
    }

    /**
     * Whether some task is about to be worked on: one is being handed to a poller right now, or a
     * live task waits on a queue that has a worker (a parked poller, or a poll in the last second).
     * Tasks on queues nobody polls do not count: no worker will take them.
     */
    public boolean hasTaskForActiveWorker() {
        long now = System.nanoTime();
        for (TaskQueue queue : queues.values()) {
            if (queue.hasTaskForActiveWorker(now)) {
                return true;
            }
        }
        return handedOut.get() > 0;
    }

    /** Grows whenever a task is dispatched or handed out. */
    public long changeCount() {
        return changes.get();
    }

    /** Number of live tasks waiting in one queue (for tests and diagnostics). */
    public int queuedTasks(TaskQueueId queueId) {
        TaskQueue queue = queues.get(queueId);
        return queue == null ? 0 : queue.size();
    }

    /** Number of pollers parked on one queue (for tests and diagnostics). */
    public int waitingPollers(TaskQueueId queueId) {
        TaskQueue queue = queues.get(queueId);
        return queue == null ? 0 : queue.waitingPollers();
    }

    /** Pending polls return empty, new polls return at once, dispatches are dropped. */
    @Override
    public void close() {
        closed = true;
        queues.values().forEach(TaskQueue::close);
    }

    private TaskQueue queue(TaskQueueId id) {
        TaskQueue queue = queues.get(id);
        return queue != null ? queue : queues.computeIfAbsent(id, ignored -> new TaskQueue(closed));
    }

}
