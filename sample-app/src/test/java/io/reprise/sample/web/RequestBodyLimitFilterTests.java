package io.reprise.sample.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RequestBodyLimitFilterTests {

    @Test
    void aLimitBelowOneByteIsRefusedWithTheProperty() {
        assertThatThrownBy(() -> new RequestBodyLimitFilter(0, JsonMapper.shared()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample.max-request-body-size must be from 1B to 2147483631B, got 0B");
    }

    @Test
    void aLimitTooLargeToBufferIsRefusedWithTheProperty() {
        assertThatThrownBy(() -> new RequestBodyLimitFilter(3L << 30, JsonMapper.shared()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample.max-request-body-size must be from 1B to 2147483631B, got 3221225472B");
    }
}
