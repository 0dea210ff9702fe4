package io.reprise.engine.visibility;

import io.reprise.common.SearchAttributeType;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.api.WorkflowExecutionStatus;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The attributes every run has, named as in Temporal. A query compares them like custom search attributes of
 * the given type; {@code ExecutionStatus} is a keyword holding the status name in Temporal's spelling
 * ({@code Running}, {@code Completed}, {@code TimedOut}, …).
 */
public enum BuiltInAttribute {
    WORKFLOW_ID("WorkflowId", SearchAttributeType.KEYWORD, VisibilityRecord::workflowId),
    RUN_ID("RunId", SearchAttributeType.KEYWORD, VisibilityRecord::runId),
    WORKFLOW_TYPE("WorkflowType", SearchAttributeType.KEYWORD, VisibilityRecord::workflowType),
    TASK_QUEUE("TaskQueue", SearchAttributeType.KEYWORD, VisibilityRecord::taskQueue),
    EXECUTION_STATUS("ExecutionStatus", SearchAttributeType.KEYWORD,
            record -> record.status() == null ? null : statusName(record.status())),
    START_TIME("StartTime", SearchAttributeType.DATETIME, VisibilityRecord::startTime),
    CLOSE_TIME("CloseTime", SearchAttributeType.DATETIME, VisibilityRecord::closeTime);

    private final String queryName;
    private final SearchAttributeType type;
    private final Function<VisibilityRecord, Object> read;

    BuiltInAttribute(String queryName, SearchAttributeType type, Function<VisibilityRecord, Object> read) {
        this.queryName = queryName;
        this.type = type;
        this.read = read;
    }

    /** The attribute's name in a query, e.g. {@code WorkflowId}; names are case-sensitive. */
    public String queryName() {
        return queryName;
    }

    public SearchAttributeType type() {
        return type;
    }

    /** The attribute's value in {@code record}, or {@code null} if the record has none (a running CloseTime). */
    public SearchAttributeValue valueIn(VisibilityRecord record) {
        Object value = read.apply(record);
        return value == null ? null : new SearchAttributeValue(type, value);
    }

    /** The built-in attribute called {@code queryName} (case-sensitive), if there is one. */
    public static Optional<BuiltInAttribute> named(String queryName) {
        return Arrays.stream(values()).filter(a -> a.queryName.equals(queryName)).findFirst();
    }

    /** A status's name as ExecutionStatus holds it: {@code TIMED_OUT} is {@code TimedOut}. */
    public static String statusName(WorkflowExecutionStatus status) {
        StringBuilder name = new StringBuilder();
        for (String word : status.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    /**
     * The status a query literal names, in either spelling and any case ({@code Running}, {@code RUNNING},
     * {@code TimedOut}, {@code TIMED_OUT}).
     */
    static Optional<WorkflowExecutionStatus> statusNamed(String literal) {
        String wanted = comparable(literal);
        return Arrays.stream(WorkflowExecutionStatus.values())
                .filter(status -> comparable(status.name()).equals(wanted))
                .findFirst();
    }

    /** The status names a query accepts, for error messages: {@code Running, Completed, …}. */
    static String statusNames() {
        return Arrays.stream(WorkflowExecutionStatus.values())
                .map(BuiltInAttribute::statusName)
                .collect(Collectors.joining(", "));
    }

    private static String comparable(String statusName) {
        return statusName.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
