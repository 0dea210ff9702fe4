package io.reprise.engine.store.schema4;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.EventAttributes;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The frozen layouts are what schema 4 wrote, and this build can still build a record from each of them.
 */
class FrozenLayoutsTest {

    @Test
    void everyFrozenRecordRecomputesTheLayoutHashEventCodecWrote() {
        Map<String, FrozenRecord> byClassName = new TreeMap<>();
        EventLayouts.RECORDS.forEach(record -> byClassName.put(record.className(), record));

        for (FrozenRecord record : EventLayouts.RECORDS) {
            assertThat(record.computeLayout(byClassName)).as("layout of %s", record.name()).isEqualTo(record.layout());
        }
    }

    @Test
    void theTableHoldsTheFortyThreeEventRecordsAndTheSixRecordsNestedInThem() {
        assertThat(BatchDecoder.EVENTS).hasSize(43);
        assertThat(BatchDecoder.RECORDS.keySet()).hasSize(49).contains("io.reprise.common.Payload",
                "io.reprise.engine.api.Failure", "io.reprise.engine.api.Failure$ActivityInfo",
                "io.reprise.engine.api.Failure$ChildWorkflowInfo", "io.reprise.engine.api.RetryPolicy",
                "io.reprise.engine.api.EventAttributes$ParentExecution");
    }

    /**
     * A record of this build for every schema-4 record, with a component of the same name for every stored one
     * (or the stored one listed as dropped in {@link MigrationDefaults#SCHEMA_4}). Renaming an event record or a
     * component breaks the migration of stored data: this test names what was renamed.
     */
    @Test
    void thisBuildHasARecordAndAComponentForEverythingSchema4Stored() throws ClassNotFoundException {
        Map<String, Class<?>> events = new TreeMap<>();
        for (Class<?> type : EventAttributes.class.getPermittedSubclasses()) {
            events.put(type.getSimpleName(), type);
        }
        List<String> missing = new ArrayList<>();
        for (FrozenRecord record : EventLayouts.RECORDS) {
            Class<?> type = record.event() ? events.get(record.name()) : Class.forName(record.className());
            if (type == null) {
                missing.add("event " + record.name());
                continue;
            }
            List<String> components = List.of(type.getRecordComponents()).stream().map(RecordComponent::getName)
                    .toList();
            for (FrozenRecord.Component component : record.components()) {
                if (!components.contains(component.name())
                        && MigrationDefaults.SCHEMA_4.dropped(type, component.name()) == null) {
                    missing.add(record.name() + "." + component.name());
                }
            }
        }
        assertThat(missing).as("schema-4 records and components this build has no place for").isEmpty();
    }
}
