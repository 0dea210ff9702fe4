package io.reprise.engine.visibility;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.SearchAttributeNames;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BuiltInAttributeTest {

    @Test
    void theNamingRuleReservesExactlyTheEnginesBuiltInAttributes() {
        assertThat(SearchAttributeNames.BUILT_IN)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(BuiltInAttribute.values())
                        .map(BuiltInAttribute::queryName).toList());
        assertThat(SearchAttributeNames.RESERVED).containsAll(SearchAttributeNames.BUILT_IN);
    }
}
