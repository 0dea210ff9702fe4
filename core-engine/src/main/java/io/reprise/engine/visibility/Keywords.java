package io.reprise.engine.visibility;

import java.util.Locale;
import java.util.Set;

/** The reserved words of the query language; an attribute with such a name is written in backticks. */
final class Keywords {

    static final Set<String> RESERVED =
            Set.of("AND", "OR", "NOT", "IN", "BETWEEN", "STARTS_WITH", "IS", "NULL", "TRUE", "FALSE");

    private Keywords() {
    }

    static boolean isReserved(String word) {
        return RESERVED.contains(word.toUpperCase(Locale.ROOT));
    }

    /** An attribute name as a normalised query writes it. */
    static String attributeText(String attribute) {
        return isReserved(attribute) ? "`" + attribute + "`" : attribute;
    }
}
