package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.common.SearchAttributeNames;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Checks of memo and search attributes, for a start request and for the commands that change them. Each
 * returns the problem as a sentence, or {@code null} when all is well. The limits follow Temporal's defaults.
 */
public final class VisibilityChecks {

    /** Most custom search attributes one run may have. */
    public static final int MAX_SEARCH_ATTRIBUTES = 100;
    /** Largest KEYWORD or TEXT value, in UTF-8 bytes. */
    public static final int MAX_STRING_VALUE_BYTES = 2 * 1024;
    /** Largest total size of a run's search attributes, in bytes of their stored form. */
    public static final int MAX_TOTAL_SEARCH_ATTRIBUTES_BYTES = 40 * 1024;

    private VisibilityChecks() {
    }

    /**
     * The search attributes a run would have: names, values, count and total size.
     *
     * @param where where they come from, for the message ("WorkflowOptions.typedSearchAttributes")
     */
    public static String searchAttributes(Map<String, SearchAttributeValue> all, String where) {
        for (Map.Entry<String, SearchAttributeValue> entry : all.entrySet()) {
            String problem = searchAttribute(entry.getKey(), entry.getValue(), where);
            if (problem != null) {
                return problem;
            }
        }
        if (all.size() > MAX_SEARCH_ATTRIBUTES) {
            return where + ": a run may have at most " + MAX_SEARCH_ATTRIBUTES + " search attributes, these are "
                    + all.size();
        }
        int size = VisibilityAttributes.encodedSize(all);
        if (size > MAX_TOTAL_SEARCH_ATTRIBUTES_BYTES) {
            return where + ": the search attributes take " + size + " bytes, over the limit of "
                    + MAX_TOTAL_SEARCH_ATTRIBUTES_BYTES + " bytes; keep large data in the memo or an activity";
        }
        return null;
    }

    /** The names to remove from a run's search attributes. */
    public static String unsetNames(Collection<String> names, Map<String, SearchAttributeValue> set, String where) {
        for (String name : names) {
            String problem = SearchAttributeNames.problem(name);
            if (problem != null) {
                return where + ": " + problem;
            }
            if (set.containsKey(name)) {
                return where + ": search attribute \"" + name + "\" is both set and unset; do one of the two";
            }
        }
        return null;
    }

    private static String searchAttribute(String name, SearchAttributeValue value, String where) {
        String problem = SearchAttributeNames.problem(name);
        if (problem != null) {
            return where + ": " + problem;
        }
        if (value.value() instanceof String text) {
            int nul = text.indexOf('\u0000');
            if (nul >= 0) {
                // PostgreSQL's text and jsonb cannot hold U+0000: refused on every store, so a run moves between them.
                return where + ": the value of search attribute \"" + name + "\" contains the character U+0000 at"
                        + " index " + nul + ", which a search attribute cannot hold; remove it";
            }
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_STRING_VALUE_BYTES) {
                return where + ": the value of search attribute \"" + name + "\" is " + bytes
                        + " bytes, over the limit of " + MAX_STRING_VALUE_BYTES + " bytes";
            }
        }
        if (value.value() instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return where + ": the value of search attribute \"" + name + "\" is " + d
                    + "; a DOUBLE search attribute must be a finite number";
        }
        return null;
    }

    /**
     * A memo: keys are names, each value a payload within the payload limit, and the whole memo too.
     *
     * @param where where it comes from, for the message ("WorkflowOptions.memo")
     */
    public static String memo(Map<String, Payload> memo, String where, int maxPayloadSize) {
        long total = 0;
        for (Map.Entry<String, Payload> entry : memo.entrySet()) {
            String problem = Checks.requiredName(entry.getKey(), where + " key", "name every memo entry");
            if (problem != null) {
                return problem;
            }
            problem = Checks.payload(entry.getValue(), where + " \"" + entry.getKey() + "\"", maxPayloadSize);
            if (problem != null) {
                return Checks.sentence(problem);
            }
            total += entry.getValue().size();
        }
        if (total > maxPayloadSize) {
            return where + " is " + total + " bytes in all, over the limit of " + maxPayloadSize
                    + " bytes (EngineOptions.maxPayloadSize); keep large data elsewhere and a reference in the memo";
        }
        return null;
    }
}
