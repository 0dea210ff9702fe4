package io.reprise.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Call sites cost a stack walk per command, so only the naming replay (the second replay after a
 * non-determinism error) records them; a live workflow task does not.
 */
class NonDeterminismReporterTest {

    @Test
    void neitherALiveTaskNorAReplayRecordsCallSites() {
        assertThat(new NonDeterminismReporter(false).callSiteIfNeeded()).isNull();
    }

    @Test
    void theNamingReplayRecordsTheFirstFrameOutsideReprisesInternalsAndTheJdk() {
        // This test class is in io.reprise.internal and reflection in java./jdk., so the first frame
        // left is JUnit's, which invoked the test method.
        assertThat(new NonDeterminismReporter(true).callSiteIfNeeded()).startsWith("org.junit.");
    }
}
