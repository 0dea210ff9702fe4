package io.reprise.engine.visibility;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How a query literal is read as a value of a search attribute type. A literal that cannot be read gives
 * {@code Optional.empty()}; the predicate using it then does not match (see {@link VisibilityQuery}).
 */
final class LiteralConversions {

    static final String DATE_TIME_FORMAT = "an ISO-8601 date-time with offset such as '2026-11-22T10:00:00Z'"
            + " or a date such as '2026-11-22'";

    private LiteralConversions() {
    }

    /** A quoted string as is; numbers and booleans are not strings. */
    static Optional<String> toText(QueryLiteral literal) {
        return literal instanceof QueryLiteral.Text text ? Optional.of(text.value()) : Optional.empty();
    }

    /** A number, or a quoted string that reads as one ({@code '12.5'}). */
    static Optional<BigDecimal> toNumber(QueryLiteral literal) {
        return switch (literal) {
            case QueryLiteral.Int i -> Optional.of(BigDecimal.valueOf(i.value()));
            case QueryLiteral.Decimal d -> Optional.of(d.value());
            case QueryLiteral.Text t -> parseNumber(t.value().strip());
            case QueryLiteral.Bool b -> Optional.empty();
        };
    }

    /** {@code true}/{@code false}, or a quoted string that says so in any case. */
    static Optional<Boolean> toBoolean(QueryLiteral literal) {
        return switch (literal) {
            case QueryLiteral.Bool b -> Optional.of(b.value());
            case QueryLiteral.Text t when t.value().equalsIgnoreCase("true") -> Optional.of(true);
            case QueryLiteral.Text t when t.value().equalsIgnoreCase("false") -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /**
     * A quoted ISO-8601 date-time with an offset ({@code '2026-11-22T10:00:00Z'},
     * {@code '2026-11-22T11:00:00+01:00'}) or a date ({@code '2026-11-22'}, its midnight in UTC).
     */
    static Optional<Instant> toInstant(QueryLiteral literal) {
        if (!(literal instanceof QueryLiteral.Text text)) {
            return Optional.empty();
        }
        String value = text.value().strip();
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notADateTime) {
            // fall through to a plain date
        }
        try {
            return Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    private static Optional<BigDecimal> parseNumber(String text) {
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }
}
