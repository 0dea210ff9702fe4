package io.reprise.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmThreadCpuTest {

    @Test
    void readsTheNameAndTheTicksOfAStatLineWhoseNameHoldsSpacesAndParentheses() {
        String stat = "4242 (C2 Compiler(x) y) S 1 4200 4200 0 -1 4194368 8069 0 0 0 1234 56 0 0 20 0 40 0 1767"
                + " 6423928832 91250 18446744073709551615 1 1 0 0 0 0 0 4096 17638 0 0 0 -1 1 0 0 0 0 0";

        assertThat(JvmThreadCpu.name(stat)).isEqualTo("C2 Compiler(x) y");
        assertThat(JvmThreadCpu.ticks(stat)).isEqualTo(1234 + 56);
    }

    @Test
    void tellsTheCompilersAndTheCollectorsThreadsFromTheRest() {
        assertThat(JvmThreadCpu.isCompiler("C2 CompilerThre")).isTrue();
        assertThat(JvmThreadCpu.isCompiler("C1 CompilerThre")).isTrue();
        assertThat(JvmThreadCpu.isCompiler("reprise-store-w")).isFalse();
        assertThat(JvmThreadCpu.isCollector("GC Thread#1")).isTrue();
        assertThat(JvmThreadCpu.isCollector("G1 Refine#0")).isTrue();
        assertThat(JvmThreadCpu.isCollector("ForkJoinPool-1-")).isFalse();
    }

    @Test
    void countsWhatThisJvmsThreadsUsedBetweenTwoReadings() {
        JvmThreadCpu before = JvmThreadCpu.now();
        double[] millis = JvmThreadCpu.now().millisSince(before);

        // Linux has /proc/self/task; CPU time never goes backwards.
        assertThat(millis).hasSize(2);
        assertThat(millis[0]).isGreaterThanOrEqualTo(0);
        assertThat(millis[1]).isGreaterThanOrEqualTo(0);
    }
}
