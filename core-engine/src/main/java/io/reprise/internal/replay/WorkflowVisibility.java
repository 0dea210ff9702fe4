package io.reprise.internal.replay;

import io.reprise.common.SearchAttributeUpdate;
import io.reprise.common.SearchAttributes;
import java.lang.reflect.Type;
import java.util.Map;

/** The implementation behind the memo and search attribute methods of {@code Workflow}. */
public final class WorkflowVisibility {

    private WorkflowVisibility() {
    }

    public static SearchAttributes getTypedSearchAttributes() {
        return WorkflowContext.current().visibility().searchAttributes();
    }

    public static void upsertTypedSearchAttributes(SearchAttributeUpdate<?>... updates) {
        WorkflowContext.current().visibility().upsertSearchAttributes(updates);
    }

    public static <T> T getMemo(String key, Class<T> valueClass, Type genericType) {
        return WorkflowContext.current().visibility().memo(key, valueClass, genericType);
    }

    public static void upsertMemo(Map<String, Object> values) {
        WorkflowContext.current().visibility().upsertMemo(values);
    }
}
