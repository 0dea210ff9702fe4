package io.reprise.internal.worker;

import io.reprise.activity.ActivityExecutionContext;

/** The context of the activity running on the current thread. */
public final class ActivityContextHolder {

    private static final ThreadLocal<ActivityExecutionContext> CURRENT = new ThreadLocal<>();

    private ActivityContextHolder() {
    }

    public static ActivityExecutionContext current() {
        ActivityExecutionContext context = CURRENT.get();
        if (context == null) {
            throw new IllegalStateException("Activity.getExecutionContext() may only be called from the thread "
                    + "running an activity method");
        }
        return context;
    }

    static void set(ActivityExecutionContext context) {
        CURRENT.set(context);
    }

    static void clear() {
        CURRENT.remove();
    }
}
