package io.reprise.engine.proto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtoWarmUpTest {

    @Test
    void runsOncePerProcessOnADaemonThreadAndReadsBackWhatItWrote() throws Exception {
        Thread first = ProtoWarmUp.start();
        Thread second = ProtoWarmUp.start();
        assertThat(second).isSameAs(first);
        assertThat(first.getName()).isEqualTo("reprise-proto-warm-up");
        assertThat(first.isDaemon()).isTrue();
        first.join();
        assertThat(ProtoWarmUp.roundTripsMatched()).isTrue();
    }
}
