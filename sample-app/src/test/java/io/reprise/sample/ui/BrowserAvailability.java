package io.reprise.sample.ui;

import java.nio.file.Files;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the browser tests when Debian's chromium and chromium-driver are installed. Without them the tests do not
 * run, and say so loudly (here and in the summary of {@link BrowserTestsSummary}); with
 * {@code REPRISE_REQUIRE_BROWSER=1} (CI sets it) their absence is a failure instead.
 */
final class BrowserAvailability implements ExecutionCondition {

    static final String REQUIRE = "REPRISE_REQUIRE_BROWSER";

    static String missing() {
        StringBuilder missing = new StringBuilder();
        if (!Files.isExecutable(ChromeDriver.CHROMIUM)) {
            missing.append(ChromeDriver.CHROMIUM).append(' ');
        }
        if (!Files.isExecutable(ChromeDriver.CHROMEDRIVER)) {
            missing.append(ChromeDriver.CHROMEDRIVER).append(' ');
        }
        return missing.toString().strip();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = missing();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("chromium and chromedriver are installed");
        }
        if ("1".equals(System.getenv(REQUIRE))) {
            // Enabled, so that the test runs and fails in its set-up with the reason.
            return ConditionEvaluationResult.enabled(REQUIRE + "=1: the browser test must run");
        }
        String reason = "BROWSER TEST NOT RUN: " + context.getDisplayName() + " needs " + missing
                + " (apt-get install -y chromium chromium-driver); set " + REQUIRE + "=1 to make this a failure";
        BrowserTestsSummary.console("\n!!!!! " + reason + " !!!!!\n");
        BrowserTestsSummary.notRun(reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
