package io.reprise.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.SearchAttributeKey;
import io.reprise.common.SearchAttributeType;
import io.reprise.common.SearchAttributes;
import io.reprise.engine.api.SearchAttributeValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchAttributeMappingTest {

    static final SearchAttributeKey<String> CUSTOMER = SearchAttributeKey.forKeyword("CustomerId");
    static final SearchAttributeKey<Long> ITEMS = SearchAttributeKey.forLong("ItemCount");
    static final SearchAttributeKey<OffsetDateTime> DUE = SearchAttributeKey.forOffsetDateTime("DueAt");

    @Test
    void typedAttributesBecomeIndexedValuesWithTimesAsInstantsAndComeBackAtUtc() {
        OffsetDateTime due = OffsetDateTime.parse("2025-03-01T10:00:00+02:00");
        SearchAttributes attributes = SearchAttributes.newBuilder().set(CUSTOMER, "c-42").set(ITEMS, 3L)
                .set(DUE, due).build();

        Map<String, SearchAttributeValue> indexed = SearchAttributeMapping.toIndexedValues(attributes);

        assertThat(indexed).containsExactly(
                Map.entry("CustomerId", new SearchAttributeValue(SearchAttributeType.KEYWORD, "c-42")),
                Map.entry("DueAt", new SearchAttributeValue(SearchAttributeType.DATETIME,
                        Instant.parse("2025-03-01T08:00:00Z"))),
                Map.entry("ItemCount", new SearchAttributeValue(SearchAttributeType.INT, 3L)));
        SearchAttributes back = SearchAttributeMapping.fromIndexedValues(indexed);
        assertThat(back.get(CUSTOMER)).isEqualTo("c-42");
        assertThat(back.get(ITEMS)).isEqualTo(3L);
        assertThat(back.get(DUE)).isEqualTo(due.withOffsetSameInstant(ZoneOffset.UTC));
        assertThat(SearchAttributeMapping.fromIndexedValues(null)).isSameAs(SearchAttributes.EMPTY);
    }
}
