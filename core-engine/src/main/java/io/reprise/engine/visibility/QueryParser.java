package io.reprise.engine.visibility;

import io.reprise.common.SearchAttributeType;
import io.reprise.engine.visibility.QueryToken.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A recursive-descent parser for the grammar in {@link VisibilityQuery}, one method per rule. Literals of
 * built-in attributes are checked and normalised here, so that a wrong status or date fails the parse.
 */
final class QueryParser {

    private static final String ANY_OPERATOR = "an operator (=, !=, <>, <, <=, >, >=, IN, NOT IN, BETWEEN,"
            + " STARTS_WITH or IS NULL)";
    private static final String STATUS_OPERATOR = "=, !=, <>, IN, NOT IN or IS NULL";
    private static final String DATE_TIME_OPERATOR = "=, !=, <>, <, <=, >, >=, IN, NOT IN, BETWEEN or IS NULL";

    private final QueryTokenizer tokenizer;
    private QueryToken current;

    private QueryParser(String query) {
        this.tokenizer = new QueryTokenizer(query);
    }

    /** The expression of a non-blank query. */
    static QueryExpression parse(String query) {
        QueryParser parser = new QueryParser(query);
        parser.advance();
        QueryExpression expression = parser.orExpression();
        if (parser.current.kind() != Kind.END) {
            throw parser.error(parser.current, "expected AND, OR or end of query but found "
                    + parser.current.describe()
                    + (parser.current.kind() == Kind.RIGHT_PAREN ? " without a matching '('" : ""));
        }
        return expression;
    }

    /** orExpr := andExpr (OR andExpr)* */
    private QueryExpression orExpression() {
        List<QueryExpression> operands = new ArrayList<>();
        addFlattened(operands, andExpression(), QueryExpression.Or.class);
        while (current.isKeyword("OR")) {
            advance();
            addFlattened(operands, andExpression(), QueryExpression.Or.class);
        }
        return operands.size() == 1 ? operands.getFirst() : new QueryExpression.Or(operands);
    }

    /** andExpr := unary (AND unary)* */
    private QueryExpression andExpression() {
        List<QueryExpression> operands = new ArrayList<>();
        addFlattened(operands, unary(), QueryExpression.And.class);
        while (current.isKeyword("AND")) {
            advance();
            addFlattened(operands, unary(), QueryExpression.And.class);
        }
        return operands.size() == 1 ? operands.getFirst() : new QueryExpression.And(operands);
    }

    /** unary := NOT unary | '(' expr ')' | predicate */
    private QueryExpression unary() {
        if (current.isKeyword("NOT")) {
            advance();
            return new QueryExpression.Not(unary());
        }
        if (current.kind() == Kind.LEFT_PAREN) {
            QueryToken open = current;
            advance();
            QueryExpression inner = orExpression();
            if (current.kind() != Kind.RIGHT_PAREN) {
                throw error(current, "expected ')' to close the '(' at position " + open.position()
                        + " but found " + current.describe());
            }
            advance();
            return inner;
        }
        return predicate();
    }

    /**
     * predicate := attr op literal | attr [NOT] IN '(' literal (',' literal)* ')'
     *            | attr BETWEEN literal AND literal | attr STARTS_WITH literal | attr IS [NOT] NULL
     */
    private QueryExpression predicate() {
        boolean isName = current.kind() == Kind.QUOTED_NAME
                || current.kind() == Kind.WORD && !Keywords.isReserved(current.text());
        if (!isName) {
            throw error(current, "expected an attribute name, NOT or '(' but found " + current.describe());
        }
        String attribute = current.text();
        BuiltInAttribute builtIn = BuiltInAttribute.named(attribute).orElse(null);
        advance();
        QueryToken operator = current;
        checkOperatorFits(builtIn, operator);
        if (operator.kind() == Kind.OPERATOR) {
            advance();
            return new QueryExpression.Comparison(attribute, ComparisonOperator.fromSymbol(operator.text()),
                    literal("after '" + operator.text() + "'", builtIn));
        }
        if (operator.isKeyword("NOT")) {
            advance();
            if (!current.isKeyword("IN")) {
                throw error(current, "expected IN after NOT but found " + current.describe());
            }
            return inList(attribute, true, builtIn);
        }
        if (operator.isKeyword("IN")) {
            return inList(attribute, false, builtIn);
        }
        if (operator.isKeyword("BETWEEN")) {
            advance();
            QueryLiteral low = literal("after BETWEEN", builtIn);
            if (!current.isKeyword("AND")) {
                throw error(current, "expected AND between the BETWEEN bounds but found " + current.describe());
            }
            advance();
            return new QueryExpression.Between(attribute, low, literal("after AND", builtIn));
        }
        if (operator.isKeyword("STARTS_WITH")) {
            advance();
            if (current.kind() != Kind.STRING) {
                throw error(current, "expected a quoted string after STARTS_WITH but found " + current.describe());
            }
            QueryLiteral.Text prefix = new QueryLiteral.Text(current.text());
            advance();
            return new QueryExpression.StartsWith(attribute, prefix);
        }
        if (operator.isKeyword("IS")) {
            advance();
            boolean negated = current.isKeyword("NOT");
            if (negated) {
                advance();
            }
            if (!current.isKeyword("NULL")) {
                throw error(current, "expected NULL after " + (negated ? "IS NOT" : "IS") + " but found "
                        + current.describe());
            }
            advance();
            return new QueryExpression.IsNull(attribute, negated);
        }
        throw error(operator, "expected " + ANY_OPERATOR + " after " + attribute + " but found "
                + operator.describe());
    }

    /** '(' literal (',' literal)* ')', with the current token IN. */
    private QueryExpression inList(String attribute, boolean negated, BuiltInAttribute builtIn) {
        advance();
        if (current.kind() != Kind.LEFT_PAREN) {
            throw error(current, "expected '(' after IN but found " + current.describe());
        }
        advance();
        if (current.kind() == Kind.RIGHT_PAREN) {
            throw error(current, "expected a value in the IN list but found ')'; an IN list needs at least one");
        }
        List<QueryLiteral> values = new ArrayList<>();
        values.add(literal("in the IN list", builtIn));
        while (current.kind() == Kind.COMMA) {
            advance();
            values.add(literal("after ','", builtIn));
        }
        if (current.kind() != Kind.RIGHT_PAREN) {
            throw error(current, "expected ',' or ')' in the IN list but found " + current.describe());
        }
        advance();
        return new QueryExpression.In(attribute, negated, values);
    }

    /** A value: a quoted string, a number, true or false; for a built-in attribute, checked and normalised. */
    private QueryLiteral literal(String where, BuiltInAttribute builtIn) {
        QueryToken token = current;
        QueryLiteral literal = switch (token.kind()) {
            case STRING -> new QueryLiteral.Text(token.text());
            case NUMBER -> number(token);
            case WORD -> {
                if (token.isKeyword("TRUE") || token.isKeyword("FALSE")) {
                    yield new QueryLiteral.Bool(token.isKeyword("TRUE"));
                }
                if (token.isKeyword("NULL")) {
                    throw error(token, "expected a value " + where + " but found NULL;"
                            + " use IS NULL or IS NOT NULL to test whether an attribute is set");
                }
                throw error(token, "expected a value " + where + " but found " + token.describe()
                        + "; strings are written in quotes");
            }
            default -> throw error(token, "expected a value " + where + " but found " + token.describe());
        };
        advance();
        return builtIn == null ? literal : builtInLiteral(builtIn, literal, token);
    }

    private QueryLiteral number(QueryToken token) {
        if (token.text().contains(".")) {
            return new QueryLiteral.Decimal(new BigDecimal(token.text()));
        }
        try {
            return new QueryLiteral.Int(Long.parseLong(token.text()));
        } catch (NumberFormatException tooLarge) {
            throw error(token, "expected an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                    + " but found " + token.text());
        }
    }

    /** A built-in attribute's literal in its normalised form, or a parse error naming what it must be. */
    private QueryLiteral builtInLiteral(BuiltInAttribute builtIn, QueryLiteral literal, QueryToken token) {
        if (builtIn == BuiltInAttribute.EXECUTION_STATUS) {
            return LiteralConversions.toText(literal)
                    .flatMap(BuiltInAttribute::statusNamed)
                    .map(status -> new QueryLiteral.Text(BuiltInAttribute.statusName(status)))
                    .orElseThrow(() -> error(token, "expected an execution status ("
                            + BuiltInAttribute.statusNames() + ") for ExecutionStatus but found "
                            + token.describe()));
        }
        if (builtIn.type() == SearchAttributeType.DATETIME) {
            Function<Instant, QueryLiteral> normalised = instant -> new QueryLiteral.Text(instant.toString());
            return LiteralConversions.toInstant(literal).map(normalised)
                    .orElseThrow(() -> error(token, "expected " + LiteralConversions.DATE_TIME_FORMAT + " for "
                            + builtIn.queryName() + " but found " + token.describe()));
        }
        if (!(literal instanceof QueryLiteral.Text)) {
            throw error(token, "expected a quoted string for " + builtIn.queryName() + " but found "
                    + token.describe());
        }
        return literal;
    }

    /** Statuses are only compared for equality, and instants have no prefixes. */
    private void checkOperatorFits(BuiltInAttribute builtIn, QueryToken operator) {
        if (builtIn == BuiltInAttribute.EXECUTION_STATUS) {
            boolean fits = operator.kind() == Kind.OPERATOR
                    ? ComparisonOperator.fromSymbol(operator.text()) == ComparisonOperator.EQUAL
                            || ComparisonOperator.fromSymbol(operator.text()) == ComparisonOperator.NOT_EQUAL
                    : !operator.isKeyword("BETWEEN") && !operator.isKeyword("STARTS_WITH");
            if (!fits) {
                throw error(operator, "expected " + STATUS_OPERATOR + " after ExecutionStatus but found "
                        + operator.describe());
            }
        } else if (builtIn != null && builtIn.type() == SearchAttributeType.DATETIME
                && operator.isKeyword("STARTS_WITH")) {
            throw error(operator, "expected " + DATE_TIME_OPERATOR + " after " + builtIn.queryName()
                    + " but found " + operator.describe());
        }
    }

    /** (a OR b) OR c is read as a OR b OR c, and likewise for AND. */
    private static void addFlattened(List<QueryExpression> operands, QueryExpression operand,
            Class<? extends QueryExpression> sameOperator) {
        if (operand instanceof QueryExpression.Or or && sameOperator == QueryExpression.Or.class) {
            operands.addAll(or.operands());
        } else if (operand instanceof QueryExpression.And and && sameOperator == QueryExpression.And.class) {
            operands.addAll(and.operands());
        } else {
            operands.add(operand);
        }
    }

    private void advance() {
        current = tokenizer.next();
    }

    private VisibilityQueryException error(QueryToken token, String problem) {
        return tokenizer.error(token.position(), problem);
    }
}
