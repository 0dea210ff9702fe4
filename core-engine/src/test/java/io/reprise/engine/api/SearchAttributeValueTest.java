package io.reprise.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.SearchAttributeType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SearchAttributeValueTest {

    @Test
    void eachTypeHoldsItsJavaType() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");

        assertThat(new SearchAttributeValue(SearchAttributeType.KEYWORD, "gold").value()).isEqualTo("gold");
        assertThat(new SearchAttributeValue(SearchAttributeType.TEXT, "rush order").value()).isEqualTo("rush order");
        assertThat(new SearchAttributeValue(SearchAttributeType.INT, 5L).value()).isEqualTo(5L);
        assertThat(new SearchAttributeValue(SearchAttributeType.DOUBLE, 2.5).value()).isEqualTo(2.5);
        assertThat(new SearchAttributeValue(SearchAttributeType.BOOL, true).value()).isEqualTo(true);
        assertThat(new SearchAttributeValue(SearchAttributeType.DATETIME, now).value()).isEqualTo(now);
    }

    @Test
    void ofWidensAnIntegerToALong() {
        assertThat(SearchAttributeValue.of(SearchAttributeType.INT, 42))
                .isEqualTo(new SearchAttributeValue(SearchAttributeType.INT, 42L));
    }

    @Test
    void ofWidensAFloatToADouble() {
        assertThat(SearchAttributeValue.of(SearchAttributeType.DOUBLE, 1.5f))
                .isEqualTo(new SearchAttributeValue(SearchAttributeType.DOUBLE, 1.5));
    }

    @Test
    void theConstructorDoesNotWidenAnInteger() {
        assertThatThrownBy(() -> new SearchAttributeValue(SearchAttributeType.INT, 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A search attribute value of type INT must be a java.lang.Long,"
                        + " not a java.lang.Integer (42)");
    }

    @Test
    void aValueOfTheWrongJavaTypeNamesTheExpectedType() {
        assertThatThrownBy(() -> SearchAttributeValue.of(SearchAttributeType.DATETIME, "2026-11-22"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A search attribute value of type DATETIME must be a java.time.Instant,"
                        + " not a java.lang.String (2026-11-22)");
    }

    @Test
    void anIntegerIsNotADouble() {
        assertThatThrownBy(() -> SearchAttributeValue.of(SearchAttributeType.DOUBLE, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A search attribute value of type DOUBLE must be a java.lang.Double,"
                        + " not a java.lang.Integer (3)");
    }

    @Test
    void aNullValueIsRejected() {
        assertThatThrownBy(() -> SearchAttributeValue.of(SearchAttributeType.KEYWORD, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A search attribute value of type KEYWORD must be a java.lang.String, not null");
    }
}
