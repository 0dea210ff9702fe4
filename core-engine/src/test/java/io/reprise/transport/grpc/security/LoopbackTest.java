package io.reprise.transport.grpc.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopbackTest {

    @Test
    void loopbackTargetsAreLocalhostAndLoopbackLiterals() {
        assertThat(Loopback.isLoopbackTarget("localhost:7444")).isTrue();
        assertThat(Loopback.isLoopbackTarget("LOCALHOST")).isTrue();
        assertThat(Loopback.isLoopbackTarget("127.0.0.1:7444")).isTrue();
        assertThat(Loopback.isLoopbackTarget("127.3.2.1:7444")).isTrue();
        assertThat(Loopback.isLoopbackTarget("[::1]:7444")).isTrue();
        assertThat(Loopback.isLoopbackTarget("dns:///localhost:7444")).isTrue();
        assertThat(Loopback.isLoopbackTarget("dns://8.8.8.8/localhost:7444")).isTrue();
    }

    @Test
    void otherTargetsAreRemoteWithoutALookup() {
        assertThat(Loopback.isLoopbackTarget("engine.internal:7444")).isFalse();
        assertThat(Loopback.isLoopbackTarget("10.0.0.5:7444")).isFalse();
        assertThat(Loopback.isLoopbackTarget("[2001:db8::1]:7444")).isFalse();
        assertThat(Loopback.isLoopbackTarget("dns:///engine.internal:7444")).isFalse();
        // A name that may resolve to loopback today is still remote: what it resolves to can change.
        assertThat(Loopback.isLoopbackTarget("localhost.example.com:7444")).isFalse();
    }

    @Test
    void serverAddressesAreLoopbackOnlyWhenOnlyThisHostReachesThem() {
        assertThat(Loopback.isLoopbackAddress("127.0.0.1")).isTrue();
        assertThat(Loopback.isLoopbackAddress("localhost")).isTrue();
        assertThat(Loopback.isLoopbackAddress("::1")).isTrue();
        assertThat(Loopback.isLoopbackAddress("0.0.0.0")).isFalse();
        assertThat(Loopback.isLoopbackAddress("::")).isFalse();
    }
}
