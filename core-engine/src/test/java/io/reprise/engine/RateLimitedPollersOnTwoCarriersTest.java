package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A rate-limited worker's pollers must not take carrier threads away from other virtual threads
 * while they wait (on Java 21–23 a virtual thread blocked inside {@code synchronized} pins its
 * carrier, and two such pollers stall every virtual thread of a two-core machine). The carrier
 * count is JVM-wide, so {@link TwoCarriersProcess} runs in a JVM of its own with two. On Java 24+
 * monitors no longer pin; {@code ActivityStartLimiterTest} checks there that no monitor is held.
 */
class RateLimitedPollersOnTwoCarriersTest {

    @Test
    void workflowsCompleteWhileRateLimitedPollersWaitOnTwoCarriers() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.virtualThreadScheduler.parallelism=2", "-Djdk.virtualThreadScheduler.maxPoolSize=2",
                "-cp", System.getProperty("java.class.path"), TwoCarriersProcess.class.getName())
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(child.getInputStream()));

        // A failure deadline, not a bound: stalled carriers would never finish.
        boolean exited = child.waitFor(3, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        String out = output.get(30, TimeUnit.SECONDS);
        assertThat(exited).as("the child JVM finished; its output:%n%s", out).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("CARRIERS 2").contains("LIMITED POLLER PARKED")
                .contains("COMPLETED " + TwoCarriersProcess.WORKFLOWS);
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
