package io.reprise.sample.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.WorkflowClient;
import io.reprise.common.WorkflowExecutionStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sample application with its web UI, in a real headless Chromium: orders are placed, the list and a run are
 * opened (timeline, pending activity, call stack), another order is canceled through the UI and its status checked.
 * Screenshots go to target/ui-screenshots/ (docs/ui.md shows copies).
 *
 * <p>The card gateway fails every charge and the retry waits an hour, so each order stays at ChargeCard with a
 * pending activity that shows its attempt, last failure and next attempt time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reprise.store.type=memory", "reprise.ui.enabled=true", "reprise.ui.refresh-interval=0",
        "sample.activity-delay=20ms", "sample.payment.failure-rate=1",
        "reprise.activities.ChargeCard.retry.initial-interval=1h",
        "reprise.activities.ChargeCard.retry.maximum-interval=2h" })
@ExtendWith(BrowserAvailability.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiBrowserTests {

    private static final Path SCREENSHOTS = Path.of("target/ui-screenshots");

    @LocalServerPort
    int port;

    @Autowired
    WorkflowClient client;

    private ChromeDriver browser;

    @BeforeAll
    void startBrowser() throws Exception {
        String missing = BrowserAvailability.missing();
        if (!missing.isEmpty()) {
            throw new AssertionError(BrowserAvailability.REQUIRE + "=1 but the browser test cannot run: " + missing
                    + " is missing; install Debian's chromium and chromium-driver (apt-get install -y chromium "
                    + "chromium-driver)");
        }
        browser = new ChromeDriver();
    }

    @AfterAll
    void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void placeOrder(String orderId) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/orders")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"orderId":"%s","customerId":"c-7","amount":99.99,"items":[{"sku":"book","quantity":1}]}"""
                        .formatted(orderId))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }

    private boolean chargeFailedOnce(String workflowId) {
        return client.describe(workflowId).pendingActivities().stream().anyMatch(a -> a.lastFailure() != null);
    }

    @Test
    void listRunTimelinePendingActivityAndCancelThroughTheUi() throws Exception {
        placeOrder("ui-1");
        placeOrder("ui-2");
        await("both charges failed once", () -> chargeFailedOnce("order-ui-1") && chargeFailedOnce("order-ui-2"));

        browser.open(url("/reprise"));
        assertThat(browser.text("h1")).isEqualTo("Workflow Executions · namespace default");
        assertThat(browser.text("#executions")).contains("order-ui-1").contains("order-ui-2");
        assertThat(browser.text("a.chip[data-status=Running]")).isEqualTo("Running 2");
        browser.screenshot(SCREENSHOTS.resolve("executions.png"));

        browser.click("#executions a[href*='workflowId=order-ui-1']");
        assertThat(browser.text("#workflow-id")).isEqualTo("order-ui-1");
        assertThat(browser.text("#run-status")).isEqualTo("Running");
        assertThat(browser.text("#pending-activities")).contains("ChargeCard").contains("SCHEDULED")
                .contains("Payment gateway unavailable (simulated)");
        assertThat(browser.exists("#timeline rect.tl-activity")).isTrue();
        browser.screenshot(SCREENSHOTS.resolve("run.png"));
        browser.script("document.getElementById('timeline').scrollIntoView(); return 'ok';");
        browser.screenshot(SCREENSHOTS.resolve("timeline.png"));

        browser.click("a[href*='/run/stack']");
        assertThat(browser.text("#stack")).startsWith("workflow-method[order-ui-1]: blocked on Promise.get")
                .contains("at io.reprise.sample.order.OrderWorkflowImpl.process(OrderWorkflowImpl.java:");
        browser.screenshot(SCREENSHOTS.resolve("stack.png"));

        browser.open(url("/reprise"));
        browser.click("#executions a[href*='workflowId=order-ui-2']");
        browser.type("#cancel-form input[name=reason]", "customer changed their mind");
        browser.click("#cancel");
        assertThat(browser.text("#notice")).isEqualTo("Cancellation requested.");
        await("order-ui-2 is canceled",
                () -> client.describe("order-ui-2").status() == WorkflowExecutionStatus.CANCELED);
        browser.open(browser.currentUrl());
        assertThat(browser.text("#run-status")).isEqualTo("Canceled");
        assertThat(browser.text("#events")).contains("WorkflowExecutionCancelRequested");
        browser.screenshot(SCREENSHOTS.resolve("canceled.png"));

        browser.open(url("/orders/ui-2"));
        assertThat(browser.text("body")).contains("\"status\":\"CANCELED\"");
    }
}
