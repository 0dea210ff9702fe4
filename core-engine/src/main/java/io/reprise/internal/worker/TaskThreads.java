package io.reprise.internal.worker;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * The virtual threads a {@link Poller} polls and runs its tasks on (a "task" here is either: a poll loop,
 * or a task a poll brought), kept for the next task when one ends
 * instead of a new thread per task. A virtual thread that parks copies its stack into a heap
 * "stack chunk"; a new thread's first park allocates one, while a thread that parked before
 * reuses its chunk (until a collection promotes it). Tasks park deep in the engine's stack (a
 * commit, the hand-over to workflow code), so a new thread per task allocated about a third of
 * all the bytes of a workflow (docs/benchmarks.md, issue 14 session 8).
 *
 * <p>A task goes to the thread that ended a task last (its chunk is the most likely to still be
 * young), or to a new thread when none is idle; so there are never more threads than tasks ran at
 * once (the poller's slots and poller threads bound that). Each thread takes the task's name while it runs it. An
 * interrupt meant for a task that ended meanwhile is cleared before the next task. After
 * {@link #close()} idle threads end, and busy ones end with their task.
 */
final class TaskThreads {

    private final String idleName;
    /** Idle threads, the most recently idle last; guarded by itself. */
    private final ArrayDeque<TaskThread> idle = new ArrayDeque<>();
    private boolean closed;

    /** @param idleName the name of a thread between tasks */
    TaskThreads(String idleName) {
        this.idleName = idleName;
    }

    /** Runs {@code task} on an idle thread, or on a new one; after {@link #close()}, on a new one that then ends. */
    void run(String name, Runnable task) {
        TaskThread thread;
        synchronized (idle) {
            thread = idle.pollLast();
        }
        if (thread != null) {
            thread.hand(name, task);
        } else {
            new TaskThread(name, task);
        }
    }

    /** Idle threads end now, busy ones when their task does. */
    void close() {
        synchronized (idle) {
            closed = true;
            for (TaskThread thread : idle) {
                thread.hand(null, null);
            }
            idle.clear();
        }
    }

    /** Threads waiting for a task (for tests). */
    int idleThreads() {
        synchronized (idle) {
            return idle.size();
        }
    }

    private final class TaskThread {
        private final Thread thread;
        private volatile String nextName;
        private volatile Runnable next;
        /** Set with {@link #next} (and for the end: with a null {@code next}). */
        private volatile boolean handed;

        TaskThread(String name, Runnable first) {
            this.nextName = name;
            this.next = first;
            this.thread = Thread.ofVirtual().name(name).unstarted(this::loop);
            thread.start();
        }

        void hand(String name, Runnable task) {
            nextName = name;
            next = task;
            handed = true;
            LockSupport.unpark(thread);
        }

        private void loop() {
            Thread self = Thread.currentThread();
            Runnable task = next;
            while (task != null) {
                next = null;
                if (!self.getName().equals(nextName)) {
                    self.setName(nextName);
                }
                task.run();
                Thread.interrupted();
                task = awaitNext(self);
            }
        }

        /** Parks this idle thread until it is handed a task; {@code null}: end. */
        private Runnable awaitNext(Thread self) {
            handed = false;
            synchronized (idle) {
                if (closed) {
                    return null;
                }
                idle.addLast(this);
            }
            self.setName(idleName);
            while (!handed) {
                LockSupport.park(this);
                Thread.interrupted();
            }
            return next;
        }
    }
}
