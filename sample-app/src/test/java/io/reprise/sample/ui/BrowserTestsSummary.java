package io.reprise.sample.ui;

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
            System.err.println("\n=== SUMMARY: " + NOT_RUN.size() + " browser test class(es) did not run ===");
            NOT_RUN.forEach(reason -> System.err.println("  " + reason));
            System.err.println();
        }
    }
}
