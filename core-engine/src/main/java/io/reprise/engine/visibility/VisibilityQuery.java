package io.reprise.engine.visibility;

import io.reprise.engine.api.WorkflowExecutionStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed visibility query: a filter over Workflow Execution runs in Temporal's SQL-like list filter
 * language, e.g. {@code WorkflowType = 'Order' AND ExecutionStatus = 'Running' AND Amount > 100}.
 *
 * <h2>Grammar</h2>
 * Keywords are case-insensitive; attribute names are case-sensitive.
 * <pre>
 * expr      := orExpr
 * orExpr    := andExpr (OR andExpr)*
 * andExpr   := unary (AND unary)*
 * unary     := NOT unary | '(' expr ')' | predicate
 * predicate := attr op literal | attr [NOT] IN '(' literal (',' literal)* ')'
 *            | attr BETWEEN literal AND literal | attr STARTS_WITH literal | attr IS [NOT] NULL
 * op        := = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 * literal   := 'string' | "string" | integer | decimal | true | false
 * attr      := [A-Za-z_][A-Za-z0-9_]* | `[A-Za-z_][A-Za-z0-9_]*`
 * </pre>
 * A quote is written inside a string by doubling it ({@code 'it''s'}); numbers may have a sign. An attribute
 * whose name is a keyword ({@code Not}, {@code Is}, …) is written in backticks. A blank query matches every run.
 *
 * <h2>Built-in attributes</h2>
 * {@code WorkflowId}, {@code RunId}, {@code WorkflowType} and {@code TaskQueue} are keywords and take quoted
 * strings. {@code ExecutionStatus} takes a status name in either spelling and any case ({@code 'Running'},
 * {@code 'RUNNING'}, {@code 'TimedOut'}, {@code 'TIMED_OUT'}) with {@code =}, {@code !=}, {@code IN} and
 * {@code IS NULL}. {@code StartTime} and {@code CloseTime} take an ISO-8601 date-time with an offset
 * ({@code '2026-11-22T10:00:00Z'}) or a date ({@code '2026-11-22'}, its midnight in UTC); a running run has no
 * CloseTime. A literal of the wrong kind for a built-in attribute is a parse error.
 *
 * <h2>Custom search attributes</h2>
 * Any other name is looked up in {@link VisibilityRecord#searchAttributes()} and compared by the stored type:
 * <ul>
 *   <li>KEYWORD: exact, case-sensitive equality; ordering by {@link String#compareTo}; STARTS_WITH.
 *   <li>TEXT: {@code =} means the text contains every word of the literal, case-insensitively (words are runs
 *       of letters and digits); {@code !=} is its negation.
 *   <li>INT, DOUBLE: exact numeric comparison; integers and decimals compare with either type.
 *   <li>BOOL: {@code =} and {@code !=} with {@code true}/{@code false}.
 *   <li>DATETIME: comparison with a quoted date-time or date, as for StartTime.
 * </ul>
 * A quoted string that reads as the stored type is accepted ({@code Amount = '12.5'}, {@code Vip = 'true'}).
 * IN is true if any value is equal; BETWEEN includes both bounds.
 *
 * <h2>Missing attributes and values that do not fit</h2>
 * Evaluation follows SQL's NULL logic. A predicate is <em>unknown</em> when the run lacks the attribute
 * (only {@code IS NULL} is true then), when the literal cannot be read as the stored type
 * ({@code Amount = 'abc'} on a DOUBLE), or when the operator has no meaning for the type ({@code <} on a BOOL
 * or TEXT, STARTS_WITH on anything but a KEYWORD). Such a predicate is not an error: it does not match, and
 * neither does its negation, so {@code Amount != 5} and {@code NOT Amount = 5} both leave out runs without an
 * Amount. {@code a OR b} matches if either matches.
 *
 * <h2>Normal form</h2>
 * {@link #toString()} gives the query normalised: keywords upper-case, {@code <>} as {@code !=}, strings in
 * single quotes, built-in literals in canonical form ({@code 'Running'}, {@code '2026-11-22T00:00:00Z'}),
 * nested ANDs and ORs flattened and parentheses only where precedence needs them. Parsing it again gives an
 * equal query.
 */
public final class VisibilityQuery {

    private static final VisibilityQuery MATCH_ALL = new VisibilityQuery(null);

    private final QueryExpression expression;

    private VisibilityQuery(QueryExpression expression) {
        this.expression = expression;
    }

    /**
     * Parses a query; {@code null} or blank matches every run.
     *
     * @throws VisibilityQueryException naming the position, what was expected there and what was found
     */
    public static VisibilityQuery parse(String query) {
        if (query == null || query.isBlank()) {
            return MATCH_ALL;
        }
        return new VisibilityQuery(QueryParser.parse(query));
    }

    /** The query's tree, or empty for a blank query, which matches everything. */
    public Optional<QueryExpression> expression() {
        return Optional.ofNullable(expression);
    }

    /** Whether the run passes the filter. */
    public boolean matches(VisibilityRecord record) {
        Objects.requireNonNull(record, "record");
        return expression == null || QueryEvaluator.evaluate(expression, record) == QueryEvaluator.Truth.TRUE;
    }

    /**
     * The status every matching run must have, when the query says so at its top level
     * ({@code ExecutionStatus = 'Running'}, alone or as an operand of the top AND): a store can select by it
     * before the query is evaluated on each run.
     */
    public Optional<WorkflowExecutionStatus> requiredStatus() {
        if (expression == null) {
            return Optional.empty();
        }
        List<QueryExpression> conjuncts = expression instanceof QueryExpression.And and
                ? and.operands() : List.of(expression);
        for (QueryExpression conjunct : conjuncts) {
            if (conjunct instanceof QueryExpression.Comparison c
                    && c.attribute().equals(BuiltInAttribute.EXECUTION_STATUS.queryName())
                    && c.operator() == ComparisonOperator.EQUAL
                    && c.value() instanceof QueryLiteral.Text text) {
                return BuiltInAttribute.statusNamed(text.value());
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VisibilityQuery query && Objects.equals(expression, query.expression);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(expression);
    }

    /** The normalised query; empty for a query that matches everything. */
    @Override
    public String toString() {
        return expression == null ? "" : expression.toString();
    }
}
