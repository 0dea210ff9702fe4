package io.reprise.engine.visibility;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The parsed form of a visibility query: an immutable tree whose leaves are predicates on one attribute.
 * Attribute names are as written (without backticks); built-in attributes ({@link BuiltInAttribute}) have
 * their literals already checked and normalised by the parser. Each node's {@code toString()} is its
 * normalised query text, with parentheses only where precedence needs them.
 */
public sealed interface QueryExpression {

    /** True if any operand is. */
    record Or(List<QueryExpression> operands) implements QueryExpression {
        public Or {
            operands = atLeastTwo(operands, "OR");
        }

        @Override
        public String toString() {
            return join(operands, " OR ", this);
        }
    }

    /** True if every operand is. */
    record And(List<QueryExpression> operands) implements QueryExpression {
        public And {
            operands = atLeastTwo(operands, "AND");
        }

        @Override
        public String toString() {
            return join(operands, " AND ", this);
        }
    }

    /** The negation of its operand. */
    record Not(QueryExpression operand) implements QueryExpression {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public String toString() {
            return "NOT " + operandText(operand, this);
        }
    }

    /** {@code attribute = value}, {@code attribute < value}, … */
    record Comparison(String attribute, ComparisonOperator operator, QueryLiteral value) implements QueryExpression {
        public Comparison {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return Keywords.attributeText(attribute) + " " + operator.symbol() + " " + value;
        }
    }

    /** {@code attribute IN (v1, v2, …)}, or {@code NOT IN} when {@code negated}. */
    record In(String attribute, boolean negated, List<QueryLiteral> values) implements QueryExpression {
        public In {
            Objects.requireNonNull(attribute, "attribute");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("An IN list needs at least one value");
            }
        }

        @Override
        public String toString() {
            return Keywords.attributeText(attribute) + (negated ? " NOT IN (" : " IN (")
                    + values.stream().map(Object::toString).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** {@code attribute BETWEEN low AND high}, both bounds included. */
    record Between(String attribute, QueryLiteral low, QueryLiteral high) implements QueryExpression {
        public Between {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
        }

        @Override
        public String toString() {
            return Keywords.attributeText(attribute) + " BETWEEN " + low + " AND " + high;
        }
    }

    /** {@code attribute STARTS_WITH prefix}. */
    record StartsWith(String attribute, QueryLiteral.Text prefix) implements QueryExpression {
        public StartsWith {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(prefix, "prefix");
        }

        @Override
        public String toString() {
            return Keywords.attributeText(attribute) + " STARTS_WITH " + prefix;
        }
    }

    /** {@code attribute IS NULL}, or {@code IS NOT NULL} when {@code negated}. */
    record IsNull(String attribute, boolean negated) implements QueryExpression {
        public IsNull {
            Objects.requireNonNull(attribute, "attribute");
        }

        @Override
        public String toString() {
            return Keywords.attributeText(attribute) + (negated ? " IS NOT NULL" : " IS NULL");
        }
    }

    private static List<QueryExpression> atLeastTwo(List<QueryExpression> operands, String operator) {
        List<QueryExpression> copy = List.copyOf(operands);
        if (copy.size() < 2) {
            throw new IllegalArgumentException(operator + " needs at least two operands, got " + copy.size());
        }
        return copy;
    }

    private static String join(List<QueryExpression> operands, String separator, QueryExpression parent) {
        return operands.stream().map(o -> operandText(o, parent)).collect(Collectors.joining(separator));
    }

    /** An operand in parentheses unless it binds tighter than its parent operator (NOT NOT needs none). */
    private static String operandText(QueryExpression operand, QueryExpression parent) {
        int own = precedence(operand);
        int outer = precedence(parent);
        boolean bare = own > outer || own == outer && parent instanceof Not;
        return bare ? operand.toString() : "(" + operand + ")";
    }

    /** How tightly a node binds: OR loosest, then AND, NOT, and predicates tightest. */
    private static int precedence(QueryExpression expression) {
        return switch (expression) {
            case Or or -> 1;
            case And and -> 2;
            case Not not -> 3;
            default -> 4;
        };
    }
}
