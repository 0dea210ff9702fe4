package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts a Workflow Execution.
 *
 * @param executionTimeout total time across runs, or {@code null} for unlimited
 * @param runTimeout time for one run, or {@code null} for unlimited (capped by executionTimeout)
 * @param taskTimeout Workflow Task Start-To-Close timeout, or {@code null} for the default 10 s
 * @param requestId makes a retried start idempotent; may be {@code null}
 * @param memo the run's memo: values shown by describe and list, not searchable; empty for none
 * @param searchAttributes the run's custom search attributes, which list queries filter on; empty for none
 */
public record StartWorkflowRequest(
        String namespace,
        String workflowId,
        String workflowType,
        String taskQueue,
        List<Payload> input,
        Duration executionTimeout,
        Duration runTimeout,
        Duration taskTimeout,
        String identity,
        String requestId,
        Map<String, Payload> memo,
        Map<String, SearchAttributeValue> searchAttributes) {
    public StartWorkflowRequest {
        input = input == null ? List.of() : List.copyOf(input);
        memo = sortedCopy(memo);
        searchAttributes = sortedCopy(searchAttributes);
    }

    /** A request without memo or search attributes. */
    public StartWorkflowRequest(String namespace, String workflowId, String workflowType, String taskQueue,
            List<Payload> input, Duration executionTimeout, Duration runTimeout, Duration taskTimeout,
            String identity, String requestId) {
        this(namespace, workflowId, workflowType, taskQueue, input, executionTimeout, runTimeout, taskTimeout,
                identity, requestId, null, null);
    }

    /**
     * An unmodifiable copy sorted by name (so equal maps encode alike); {@code null} is empty. Null keys and
     * values are refused with a clear message: the engine validates names and values, not nulls.
     */
    static <V> Map<String, V> sortedCopy(Map<String, V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, V> copy = new TreeMap<>();
        map.forEach((name, value) -> {
            if (name == null) {
                throw new IllegalArgumentException("A memo or search attribute name must not be null");
            }
            if (value == null) {
                throw new IllegalArgumentException("The value of \"" + name + "\" must not be null");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
