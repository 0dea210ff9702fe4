package io.reprise.engine.store;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints one line at the end of a test run in which PostgreSQL tests were skipped for want of a server
 * (see {@link PostgresTestDatabase}), on the process's own standard error: Surefire captures
 * {@code System.err} into report files, and this line must reach the console.
 */
public final class PostgresSkipSummary implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        int skipped = PostgresTestDatabase.skippedCount();
        if (skipped == 0) {
            return;
        }
        @SuppressWarnings("resource") // the process's stderr stays open
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        err.println("WARNING: " + skipped + " PostgreSQL tests did NOT run: no PostgreSQL server at "
                + PostgresTestDatabase.url() + ". Start one (docs/postgres.md) or set REPRISE_REQUIRE_POSTGRES=1 to"
                + " make this a failure.");
    }
}
