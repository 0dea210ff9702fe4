package io.reprise.internal.replay;

/** A workflow thread ran longer than the deadlock detection timeout without yielding. */
public final class PotentialDeadlockException extends RuntimeException {

    PotentialDeadlockException(String threadName, long timeoutMillis, StackTraceElement[] stack) {
        super("Potential deadlock detected: workflow thread \"" + threadName + "\" did not yield within "
                + timeoutMillis + " ms. Workflow code must not block on anything but Reprise APIs (Workflow.sleep, "
                + "Promise.get, Workflow.await, activity calls); use activities for I/O and long computations."
                + stackText(stack));
        setStackTrace(stack);
    }

    private static String stackText(StackTraceElement[] stack) {
        StringBuilder sb = new StringBuilder("\nThe thread was at:");
        for (int i = 0; i < Math.min(stack.length, 12); i++) {
            sb.append("\n\tat ").append(stack[i]);
        }
        return sb.toString();
    }
}
