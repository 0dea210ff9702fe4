package io.reprise.engine.visibility;

import io.reprise.common.SearchAttributeType;
import io.reprise.engine.api.SearchAttributeValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Evaluates a query against one record with SQL's three-valued logic: a predicate on an attribute the record
 * lacks, with a value that cannot be read as the attribute's type, or with an operator the type has no
 * meaning for is UNKNOWN; NOT UNKNOWN is UNKNOWN, and only TRUE matches.
 */
final class QueryEvaluator {

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    enum Truth {
        TRUE, FALSE, UNKNOWN;

        static Truth of(boolean value) {
            return value ? TRUE : FALSE;
        }

        Truth not() {
            return switch (this) {
                case TRUE -> FALSE;
                case FALSE -> TRUE;
                case UNKNOWN -> UNKNOWN;
            };
        }

        Truth and(Truth other) {
            if (this == FALSE || other == FALSE) {
                return FALSE;
            }
            return this == TRUE && other == TRUE ? TRUE : UNKNOWN;
        }

        Truth or(Truth other) {
            if (this == TRUE || other == TRUE) {
                return TRUE;
            }
            return this == FALSE && other == FALSE ? FALSE : UNKNOWN;
        }
    }

    private QueryEvaluator() {
    }

    static Truth evaluate(QueryExpression expression, VisibilityRecord record) {
        return switch (expression) {
            case QueryExpression.Or or -> any(or.operands(), record);
            case QueryExpression.And and -> all(and.operands(), record);
            case QueryExpression.Not not -> evaluate(not.operand(), record).not();
            case QueryExpression.Comparison comparison -> {
                SearchAttributeValue value = valueOf(comparison.attribute(), record);
                yield value == null ? Truth.UNKNOWN : compare(value, comparison.operator(), comparison.value());
            }
            case QueryExpression.In in -> {
                SearchAttributeValue value = valueOf(in.attribute(), record);
                if (value == null) {
                    yield Truth.UNKNOWN;
                }
                Truth found = Truth.FALSE;
                for (QueryLiteral candidate : in.values()) {
                    found = found.or(compare(value, ComparisonOperator.EQUAL, candidate));
                }
                yield in.negated() ? found.not() : found;
            }
            case QueryExpression.Between between -> {
                SearchAttributeValue value = valueOf(between.attribute(), record);
                yield value == null ? Truth.UNKNOWN
                        : compare(value, ComparisonOperator.GREATER_OR_EQUAL, between.low())
                                .and(compare(value, ComparisonOperator.LESS_OR_EQUAL, between.high()));
            }
            case QueryExpression.StartsWith startsWith -> {
                SearchAttributeValue value = valueOf(startsWith.attribute(), record);
                yield value == null || value.type() != SearchAttributeType.KEYWORD
                        ? Truth.UNKNOWN
                        : Truth.of(((String) value.value()).startsWith(startsWith.prefix().value()));
            }
            case QueryExpression.IsNull isNull ->
                    Truth.of((valueOf(isNull.attribute(), record) == null) != isNull.negated());
        };
    }

    private static Truth any(List<QueryExpression> operands, VisibilityRecord record) {
        Truth result = Truth.FALSE;
        for (QueryExpression operand : operands) {
            result = result.or(evaluate(operand, record));
            if (result == Truth.TRUE) {
                return result;
            }
        }
        return result;
    }

    private static Truth all(List<QueryExpression> operands, VisibilityRecord record) {
        Truth result = Truth.TRUE;
        for (QueryExpression operand : operands) {
            result = result.and(evaluate(operand, record));
            if (result == Truth.FALSE) {
                return result;
            }
        }
        return result;
    }

    /** A built-in attribute's value, or the record's custom search attribute; {@code null} if absent. */
    private static SearchAttributeValue valueOf(String attribute, VisibilityRecord record) {
        return BuiltInAttribute.named(attribute)
                .map(builtIn -> builtIn.valueIn(record))
                .orElseGet(() -> {
                    Map<String, SearchAttributeValue> custom = record.searchAttributes();
                    return custom == null ? null : custom.get(attribute);
                });
    }

    private static Truth compare(SearchAttributeValue value, ComparisonOperator operator, QueryLiteral literal) {
        return switch (value.type()) {
            case KEYWORD -> LiteralConversions.toText(literal)
                    .map(text -> Truth.of(operator.accepts(((String) value.value()).compareTo(text))))
                    .orElse(Truth.UNKNOWN);
            case TEXT -> {
                if (operator != ComparisonOperator.EQUAL && operator != ComparisonOperator.NOT_EQUAL) {
                    yield Truth.UNKNOWN;
                }
                yield LiteralConversions.toText(literal)
                        .map(text -> Truth.of(words((String) value.value()).containsAll(words(text))
                                == (operator == ComparisonOperator.EQUAL)))
                        .orElse(Truth.UNKNOWN);
            }
            case INT, DOUBLE -> LiteralConversions.toNumber(literal)
                    .map(number -> compareNumber((Number) value.value(), number))
                    .map(comparison -> comparison == null ? Truth.UNKNOWN : Truth.of(operator.accepts(comparison)))
                    .orElse(Truth.UNKNOWN);
            case BOOL -> {
                if (operator != ComparisonOperator.EQUAL && operator != ComparisonOperator.NOT_EQUAL) {
                    yield Truth.UNKNOWN;
                }
                yield LiteralConversions.toBoolean(literal)
                        .map(bool -> Truth.of(value.value().equals(bool) == (operator == ComparisonOperator.EQUAL)))
                        .orElse(Truth.UNKNOWN);
            }
            case DATETIME -> LiteralConversions.toInstant(literal)
                    .map(instant -> Truth.of(operator.accepts(((Instant) value.value()).compareTo(instant))))
                    .orElse(Truth.UNKNOWN);
        };
    }

    /** An INT or DOUBLE value against a number, exactly; {@code null} when the value is NaN. */
    private static Integer compareNumber(Number value, BigDecimal number) {
        if (value instanceof Double d) {
            if (d.isNaN()) {
                return null;
            }
            if (d.isInfinite()) {
                return d > 0 ? 1 : -1;
            }
            // valueOf reads the double's shortest decimal form, so a stored 0.1 equals the literal 0.1
            return BigDecimal.valueOf(d).compareTo(number);
        }
        return BigDecimal.valueOf(value.longValue()).compareTo(number);
    }

    /** A text's words: runs of letters and digits, lower-cased. */
    private static Set<String> words(String text) {
        return Arrays.stream(NON_WORD.split(text))
                .filter(word -> !word.isEmpty())
                .map(word -> word.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }
}
