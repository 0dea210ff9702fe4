package io.reprise.engine.visibility;

/** A binary comparison in a visibility query predicate. {@code <>} is read as {@link #NOT_EQUAL}. */
public enum ComparisonOperator {
    EQUAL("="),
    NOT_EQUAL("!="),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in a normalised query. */
    public String symbol() {
        return symbol;
    }

    /** Whether a comparison result ({@code <0}, {@code 0}, {@code >0}) satisfies this operator. */
    boolean accepts(int comparison) {
        return switch (this) {
            case EQUAL -> comparison == 0;
            case NOT_EQUAL -> comparison != 0;
            case LESS -> comparison < 0;
            case LESS_OR_EQUAL -> comparison <= 0;
            case GREATER -> comparison > 0;
            case GREATER_OR_EQUAL -> comparison >= 0;
        };
    }

    /** The operator for a symbol as written in a query, or {@code null} if it is not one. */
    static ComparisonOperator fromSymbol(String symbol) {
        if (symbol.equals("<>")) {
            return NOT_EQUAL;
        }
        for (ComparisonOperator operator : values()) {
            if (operator.symbol.equals(symbol)) {
                return operator;
            }
        }
        return null;
    }
}
