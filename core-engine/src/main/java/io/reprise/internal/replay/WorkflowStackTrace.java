package io.reprise.internal.replay;

import java.util.List;

/**
 * The answer to the built-in {@value #QUERY_TYPE} query: where each live workflow thread of a run is
 * blocked, in the user's code. Frames of the JDK and of Reprise's own runtime are left out, so the
 * first frame shown is the user's line that called {@code Workflow.sleep}, {@code Promise.get}, an
 * activity stub and so on.
 */
final class WorkflowStackTrace {

    /** The query type; the same name as Temporal's, so people and tools that know it find it. */
    static final String QUERY_TYPE = "__stack_trace";

    /**
     * Packages whose frames say nothing about the user's code. The public packages
     * {@code io.reprise.workflow} and friends are Reprise's API, not user code, so they go too; user
     * packages that merely start with {@code io.reprise.} (a sample, a test) are kept.
     */
    private static final List<String> RUNTIME_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "io.reprise.internal.", "io.reprise.workflow.", "io.reprise.common.", "io.reprise.failure.",
            "io.reprise.activity.", "io.reprise.client.", "io.reprise.worker.", "io.reprise.engine.");

    private WorkflowStackTrace() {
    }

    /**
     * One block per live thread, in the runner's (creation) order: the thread's name, what it waits on,
     * then its user frames, one {@code "\tat "} line each.
     */
    static String of(List<WorkflowThread> threads) {
        StringBuilder out = new StringBuilder();
        for (WorkflowThread thread : threads) {
            Thread java = thread.javaThread();
            if (thread.isDone() || java == null) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(thread.name());
            String reason = thread.blockedReason();
            if (reason != null) {
                out.append(": blocked on ").append(reason);
            }
            out.append('\n');
            for (StackTraceElement frame : java.getStackTrace()) {
                if (isUserFrame(frame)) {
                    out.append("\tat ").append(frame).append('\n');
                }
            }
        }
        return out.toString();
    }

    static boolean isUserFrame(StackTraceElement frame) {
        String className = frame.getClassName();
        for (String prefix : RUNTIME_PACKAGES) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        // A dynamic proxy (an activity or child workflow stub) sits in a jdk.proxyN package or none.
        return !className.startsWith("$Proxy") && !className.contains(".$Proxy");
    }
}
