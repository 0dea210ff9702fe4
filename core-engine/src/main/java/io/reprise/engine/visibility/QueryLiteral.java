package io.reprise.engine.visibility;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A value written in a visibility query. Its {@code toString()} is its normalised query form: strings in
 * single quotes with {@code '} doubled, numbers in plain decimal notation, {@code true} and {@code false}.
 */
public sealed interface QueryLiteral {

    /** A quoted string, e.g. {@code 'Order'} or {@code "Order"}. */
    record Text(String value) implements QueryLiteral {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "'" + value.replace("'", "''") + "'";
        }
    }

    /** An integer, e.g. {@code 42} or {@code -7}. */
    record Int(long value) implements QueryLiteral {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** A number with a fractional part, e.g. {@code 12.50}. */
    record Decimal(BigDecimal value) implements QueryLiteral {
        public Decimal {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return value.toPlainString();
        }
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements QueryLiteral {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }
}
