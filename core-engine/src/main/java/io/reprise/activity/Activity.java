package io.reprise.activity;

import io.reprise.internal.worker.ActivityContextHolder;

/** Static access to the running activity's context; usable only on the thread running an activity. */
public final class Activity {

    private Activity() {
    }

    /**
     * The context of the activity running on this thread.
     *
     * @throws IllegalStateException when called outside an activity
     */
    public static ActivityExecutionContext getExecutionContext() {
        return ActivityContextHolder.current();
    }
}
