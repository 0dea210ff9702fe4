package io.reprise.common;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The naming rule of custom search attributes, shared by the client (which checks keys as they are made)
 * and the engine (which checks every request and command): an identifier of at most {@value #MAX_LENGTH}
 * characters ({@code [A-Za-z_][A-Za-z0-9_]*}) that is not one of {@link #RESERVED} (the built-in
 * attributes a query reads from every run, and the other system names of Temporal).
 */
public final class SearchAttributeNames {

    /** Longest custom search attribute name. */
    public static final int MAX_LENGTH = 64;

    /**
     * The built-in attributes every run has, which a query reads by these names. Listed here rather than read
     * from the engine's {@code BuiltInAttribute} because this package depends on nothing of the engine; a test
     * keeps the two equal.
     */
    public static final Set<String> BUILT_IN = Collections.unmodifiableSet(new TreeSet<>(Set.of("WorkflowId",
            "RunId", "WorkflowType", "TaskQueue", "ExecutionStatus", "StartTime", "CloseTime")));

    /** Names a custom search attribute cannot have (compared exactly; names are case-sensitive). */
    public static final Set<String> RESERVED;

    static {
        Set<String> reserved = new TreeSet<>(Set.of("ExecutionTime", "ExecutionDuration", "HistoryLength",
                "HistorySizeBytes", "StateTransitionCount", "BinaryChecksums", "BuildIds", "TemporalChangeVersion",
                "ParentWorkflowId", "ParentRunId", "RootWorkflowId", "RootRunId", "NamespaceId"));
        reserved.addAll(BUILT_IN);
        RESERVED = Collections.unmodifiableSet(reserved);
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SearchAttributeNames() {
    }

    /** What is wrong with {@code name} as a custom search attribute name, or {@code null} if it is fine. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "A search attribute name is required: name it like a Java identifier, e.g. \"CustomerId\"";
        }
        if (name.length() > MAX_LENGTH) {
            return "Search attribute name \"" + name.substring(0, 20) + "…\" is " + name.length()
                    + " characters long; at most " + MAX_LENGTH + " are allowed";
        }
        if (!IDENTIFIER.matcher(name).matches()) {
            return "Search attribute name \"" + name + "\" is not an identifier: use letters, digits and '_', "
                    + "starting with a letter or '_' (e.g. \"CustomerId\")";
        }
        if (RESERVED.contains(name)) {
            return "Search attribute name \"" + name + "\" is reserved for a built-in attribute; choose another "
                    + "name (reserved: " + RESERVED.stream().collect(Collectors.joining(", ")) + ")";
        }
        return null;
    }

    /**
     * Checks a name.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String check(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }
}
