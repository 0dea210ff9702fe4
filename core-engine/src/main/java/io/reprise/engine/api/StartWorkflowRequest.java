package io.reprise.engine.api;

import io.reprise.common.Payload;
import io.reprise.common.WorkflowIdReusePolicy;
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
 * @param idReusePolicy whether a closed run's Workflow Id may be used again; {@code null} means
 *     {@link WorkflowIdReusePolicy#ALLOW_DUPLICATE}
 * @param attachToRunning when a run with this Workflow Id is running, return it instead of failing
 *     with {@code ALREADY_EXISTS}
 * @param retryPolicy retries of a failed or timed-out run (a new run, attempt + 1), or {@code null} for none
 * @param cronSchedule a cron expression: the first run starts at its next fire time and every run
 *     is followed by another at the fire time after its close; {@code null} for none
 * @param memo the run's memo: values shown by describe and list, not searchable; empty for none
 * @param searchAttributes the run's custom search attributes, which list queries filter on; empty for none
 * @param header context for the workflow code (tracing, authentication, MDC), recorded in WorkflowExecutionStarted
 *     and carried to the runs a retry or the cron schedule starts; empty for none, never {@code null}
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
        WorkflowIdReusePolicy idReusePolicy,
        boolean attachToRunning,
        RetryPolicy retryPolicy,
        String cronSchedule,
        Map<String, Payload> memo,
        Map<String, SearchAttributeValue> searchAttributes,
        Map<String, Payload> header) {
    public StartWorkflowRequest {
        input = input == null ? List.of() : List.copyOf(input);
        idReusePolicy = idReusePolicy == null ? WorkflowIdReusePolicy.ALLOW_DUPLICATE : idReusePolicy;
        memo = sortedCopy(memo);
        searchAttributes = sortedCopy(searchAttributes);
        header = headerCopy(header);
    }

    /** A start without a header. */
    public StartWorkflowRequest(String namespace, String workflowId, String workflowType, String taskQueue,
            List<Payload> input, Duration executionTimeout, Duration runTimeout, Duration taskTimeout, String identity,
            String requestId, WorkflowIdReusePolicy idReusePolicy, boolean attachToRunning, RetryPolicy retryPolicy,
            String cronSchedule, Map<String, Payload> memo, Map<String, SearchAttributeValue> searchAttributes) {
        this(namespace, workflowId, workflowType, taskQueue, input, executionTimeout, runTimeout, taskTimeout, identity,
                requestId, idReusePolicy, attachToRunning, retryPolicy, cronSchedule, memo, searchAttributes, null);
    }

    /** This request with {@code header} instead of its own. */
    public StartWorkflowRequest withHeader(Map<String, Payload> header) {
        return new StartWorkflowRequest(namespace, workflowId, workflowType, taskQueue, input, executionTimeout,
                runTimeout, taskTimeout, identity, requestId, idReusePolicy, attachToRunning, retryPolicy, cronSchedule,
                memo, searchAttributes, header);
    }

    /** A start with the default Workflow Id reuse policy, no retry policy, cron schedule, memo or search attributes. */
    public StartWorkflowRequest(String namespace, String workflowId, String workflowType, String taskQueue,
            List<Payload> input, Duration executionTimeout, Duration runTimeout, Duration taskTimeout, String identity,
            String requestId) {
        this(namespace, workflowId, workflowType, taskQueue, input, executionTimeout, runTimeout, taskTimeout, identity,
                requestId, null, false, null, null, null, null, null);
    }

    /** A start with memo and search attributes and the defaults otherwise. */
    public StartWorkflowRequest(String namespace, String workflowId, String workflowType, String taskQueue,
            List<Payload> input, Duration executionTimeout, Duration runTimeout, Duration taskTimeout, String identity,
            String requestId, Map<String, Payload> memo, Map<String, SearchAttributeValue> searchAttributes) {
        this(namespace, workflowId, workflowType, taskQueue, input, executionTimeout, runTimeout, taskTimeout, identity,
                requestId, null, false, null, null, memo, searchAttributes, null);
    }

    /** A start without memo or search attributes. */
    public StartWorkflowRequest(String namespace, String workflowId, String workflowType, String taskQueue,
            List<Payload> input, Duration executionTimeout, Duration runTimeout, Duration taskTimeout, String identity,
            String requestId, WorkflowIdReusePolicy idReusePolicy, boolean attachToRunning, RetryPolicy retryPolicy,
            String cronSchedule) {
        this(namespace, workflowId, workflowType, taskQueue, input, executionTimeout, runTimeout, taskTimeout, identity,
                requestId, idReusePolicy, attachToRunning, retryPolicy, cronSchedule, null, null, null);
    }

    /**
     * An unmodifiable copy sorted by name (so equal maps encode alike); {@code null} is empty. Null keys and
     * values are refused with a clear message: the engine validates names and values, not nulls.
     */
    static <V> Map<String, V> sortedCopy(Map<String, V> map) {
        return sortedCopy(map, "memo or search attribute");
    }

    /** Like {@link #sortedCopy(Map)} for a header (see {@link #header()}). */
    static Map<String, Payload> headerCopy(Map<String, Payload> header) {
        return sortedCopy(header, "header");
    }

    private static <V> Map<String, V> sortedCopy(Map<String, V> map, String what) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, V> copy = new TreeMap<>();
        map.forEach((name, value) -> {
            if (name == null) {
                throw new IllegalArgumentException("A " + what + " name must not be null");
            }
            if (value == null) {
                throw new IllegalArgumentException("The value of \"" + name + "\" must not be null");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
