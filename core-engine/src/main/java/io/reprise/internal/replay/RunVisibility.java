package io.reprise.internal.replay;

import io.reprise.common.Payload;
import io.reprise.common.SearchAttributeKey;
import io.reprise.common.SearchAttributeUpdate;
import io.reprise.common.SearchAttributes;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.history.Checks;
import io.reprise.engine.history.VisibilityChecks;
import io.reprise.engine.visibility.VisibilityAttributes;
import io.reprise.internal.mapping.SearchAttributeMapping;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's memo and search attributes as its workflow code sees them: read from WorkflowExecutionStarted, then
 * changed by the code's own upserts at once (the engine records them when the task completes). Replay makes
 * the same calls in the same order, so the code sees the same values at the same points.
 */
final class RunVisibility {

    private final WorkflowContext context;
    private VisibilityAttributes current = VisibilityAttributes.EMPTY;

    RunVisibility(WorkflowContext context) {
        this.context = context;
    }

    void started(EventAttributes.WorkflowExecutionStarted started) {
        current = VisibilityAttributes.of(started.searchAttributes(), started.memo());
    }

    SearchAttributes searchAttributes() {
        return SearchAttributeMapping.fromIndexedValues(current.searchAttributes());
    }

    <T> T memo(String key, Class<T> valueClass, Type genericType) {
        Payload payload = current.memo().get(key);
        return payload == null ? null : context.converter().fromPayload(payload, valueClass, genericType);
    }

    /**
     * Sets and unsets search attributes: one UpsertWorkflowSearchAttributes command.
     *
     * @throws IllegalArgumentException when there is no update, a name is changed twice, or the result breaks
     *     a limit; nothing changes then
     */
    void upsertSearchAttributes(SearchAttributeUpdate<?>... updates) {
        if (updates == null || updates.length == 0) {
            throw new IllegalArgumentException("upsertTypedSearchAttributes needs at least one update, e.g. "
                    + "CUSTOMER_ID.valueSet(\"c-42\") or CUSTOMER_ID.valueUnset()");
        }
        Map<String, SearchAttributeValue> set = new TreeMap<>();
        List<String> unset = new ArrayList<>();
        for (SearchAttributeUpdate<?> update : updates) {
            SearchAttributeKey<?> key = update.getKey();
            if (set.containsKey(key.getName()) || unset.contains(key.getName())) {
                throw new IllegalArgumentException("Search attribute " + key.getName() + " is updated twice in one "
                        + "upsertTypedSearchAttributes call; update each attribute once");
            }
            if (update.getValue().isPresent()) {
                // The builder checks the value (its type, a finite double) before it is indexed.
                SearchAttributes.newBuilder().set(castKey(key), update.getValue().get());
                set.put(key.getName(), SearchAttributeMapping.toIndexedValue(key, update.getValue().get()));
            } else {
                unset.add(key.getName());
            }
        }
        VisibilityAttributes after = current.withSearchAttributes(set, unset);
        check(VisibilityChecks.searchAttributes(after.searchAttributes(), "Workflow.upsertTypedSearchAttributes"));
        Command.UpsertWorkflowSearchAttributes command = new Command.UpsertWorkflowSearchAttributes(set, unset);
        context.addCommand(new UpsertSearchAttributesStateMachine(command, context.callSiteIfNeeded()));
        current = after;
    }

    /**
     * Changes memo entries: one ModifyWorkflowProperties command; a {@code null} value removes its key.
     *
     * @throws IllegalArgumentException when there is no entry, a key is blank, or a size limit is broken;
     *     nothing changes then
     */
    void upsertMemo(Map<String, Object> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("upsertMemo needs at least one entry; a null value removes a key");
        }
        Map<String, Payload> upserted = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            check(Checks.requiredName(key, "Memo key", "name every memo entry"));
            upserted.put(key, value == null ? Payload.nullValue() : context.converter().toPayload(value));
        });
        check(VisibilityChecks.memo(upserted, "Workflow.upsertMemo", context.maxPayloadSize()));
        VisibilityAttributes after = current.withMemo(upserted);
        check(VisibilityChecks.memo(after.memo(), "The run's memo", context.maxPayloadSize()));
        context.addCommand(new ModifyPropertiesStateMachine(new Command.ModifyWorkflowProperties(upserted),
                context.callSiteIfNeeded()));
        current = after;
    }

    @SuppressWarnings("unchecked")
    private static SearchAttributeKey<Object> castKey(SearchAttributeKey<?> key) {
        return (SearchAttributeKey<Object>) key;
    }

    private static void check(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(Checks.sentence(problem));
        }
    }
}
