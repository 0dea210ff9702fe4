package io.reprise.engine.store;

import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.visibility.PostgresQueryCompiler;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code search_attributes} column of the PostgreSQL store: a run's custom search attributes as a
 * JSON object that SQL can compare and index, {@code {"Name": {"t": "<type>", "v": <value>}}}. KEYWORD
 * and TEXT values are strings, INT and DOUBLE numbers (a double that is not finite is the string
 * {@code "Infinity"} or {@code "-Infinity"}, and NaN has no {@code v}: it compares as unknown), BOOL a
 * boolean and DATETIME the number of epoch seconds with up to nine decimals. See
 * {@link PostgresQueryCompiler} for how a query reads it. The store decodes the row's {@code visibility}
 * bytes for it; bytes that are not in the engine's format ({@link VisibilityAttributes}) give none.
 */
final class SearchAttributesColumn {

    private SearchAttributesColumn() {
    }

    /** The JSON of the search attributes in {@code visibility} (the row's binary column); {@code null} for none. */
    static String json(byte[] visibility) {
        if (visibility == null) {
            return null;
        }
        Map<String, SearchAttributeValue> attributes;
        try {
            attributes = VisibilityAttributes.decode(visibility).searchAttributes();
        } catch (IllegalArgumentException notTheEnginesFormat) {
            // The column is opaque to the store; only the engine's own format has attributes to query.
            return null;
        }
        if (attributes.isEmpty()) {
            return null;
        }
        StringBuilder json = new StringBuilder("{");
        attributes.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            string(json, name);
            json.append(":{\"t\":\"").append(value.type().name()).append('"');
            String v = value(value);
            if (v != null) {
                json.append(",\"v\":").append(v);
            }
            json.append('}');
        });
        return json.append('}').toString();
    }

    private static String value(SearchAttributeValue value) {
        return switch (value.type()) {
            case KEYWORD, TEXT -> string(new StringBuilder(), (String) value.value()).toString();
            case INT, BOOL -> value.value().toString();
            case DOUBLE -> {
                double d = (Double) value.value();
                if (Double.isNaN(d)) {
                    yield null;
                }
                yield Double.isInfinite(d) ? (d > 0 ? "\"Infinity\"" : "\"-Infinity\"")
                        : BigDecimal.valueOf(d).toPlainString();
            }
            case DATETIME -> PostgresQueryCompiler.epochSeconds((Instant) value.value()).toPlainString();
        };
    }

    private static StringBuilder string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
