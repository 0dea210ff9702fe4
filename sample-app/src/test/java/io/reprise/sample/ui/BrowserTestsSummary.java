package io.reprise.sample.ui;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Prints, at the end of the test run, which browser tests did not run and why (registered as a service). */
public final class BrowserTestsSummary implements TestExecutionListener {

    private static final List<String> NOT_RUN = new CopyOnWriteArrayList<>();

    static void notRun(String reason) {
        NOT_RUN.add(reason);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (!NOT_RUN.isEmpty()) {
            StringBuilder summary = new StringBuilder("\n=== SUMMARY: " + NOT_RUN.size()
                    + " browser test class(es) did not run ===\n");
            NOT_RUN.forEach(reason -> summary.append("  ").append(reason).append('\n'));
            console(summary.toString());
        }
    }

    /**
     * Writes to the process's own standard error, not {@code System.err}: Surefire files what tests print
     * ({@code redirectTestOutputToFile}) but shows the forked JVM's native stderr on the console, where this
     * must be seen.
     */
    static void console(String text) {
        try {
            PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            err.println(text);
            err.flush();
        } catch (RuntimeException e) {
            System.err.println(text);
        }
    }
}
