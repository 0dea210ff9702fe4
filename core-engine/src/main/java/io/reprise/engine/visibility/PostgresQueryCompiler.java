package io.reprise.engine.visibility;

import io.reprise.engine.api.WorkflowExecutionStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Compiles a visibility query into a PostgreSQL condition on the store's {@code executions} table, with
 * the meaning {@link QueryEvaluator} gives it: SQL's NULL is the evaluator's UNKNOWN, so a predicate
 * that is unknown for a run (a missing attribute, a literal the stored type cannot read, an operator the
 * type has no meaning for) compiles to an expression that is NULL for it, and {@code NOT}, {@code AND}
 * and {@code OR} keep SQL's three-valued logic. The store selects the rows for which it is TRUE.
 *
 * <p>Built-in attributes compare their columns, so an index on status, type or start/close time serves
 * them (a time literal becomes whole milliseconds, the column's unit). Custom search attributes read the
 * {@code search_attributes} JSONB column, {@code {"Name": {"t": "<type>", "v": <value>}}} (see the
 * store's {@code SearchAttributesColumn}): the comparison depends on each run's stored type, so it is a
 * {@code CASE} on it; a predicate on one that is a top-level conjunct also requires the attribute to
 * exist ({@code search_attributes ? 'Name'}), which the column's GIN index serves. Orderings of strings
 * are by code point ({@code COLLATE "C"}), as {@link String#compareTo} orders all but surrogate pairs.
 */
public final class PostgresQueryCompiler {

    /** A condition with {@code ?} placeholders and their values, in order. */
    public record Condition(String sql, List<Object> parameters) {
        public Condition {
            parameters = List.copyOf(parameters);
        }
    }

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final String SA = "search_attributes";

    private final List<Object> parameters = new ArrayList<>();

    private PostgresQueryCompiler() {
    }

    /** The condition of {@code query}; {@code TRUE} for a query that matches every run. */
    public static Condition compile(VisibilityQuery query) {
        PostgresQueryCompiler compiler = new PostgresQueryCompiler();
        Optional<QueryExpression> expression = query.expression();
        if (expression.isEmpty()) {
            return new Condition("TRUE", List.of());
        }
        StringBuilder sql = new StringBuilder("(").append(compiler.sql(expression.get())).append(")");
        // Top-level conjuncts only: there, "unknown" and "false" both exclude the run, so requiring the
        // attribute to exist changes nothing but lets the GIN index narrow the rows.
        List<QueryExpression> conjuncts = expression.get() instanceof QueryExpression.And and
                ? and.operands() : List.of(expression.get());
        for (QueryExpression conjunct : conjuncts) {
            String attribute = customAttribute(conjunct);
            if (attribute != null) {
                // "??" is the JDBC escape of PostgreSQL's "?" (key exists) operator.
                sql.append(" AND ").append(SA).append(" ?? ?");
                compiler.parameters.add(attribute);
            }
        }
        return new Condition(sql.toString(), compiler.parameters);
    }

    /** The custom attribute a predicate that is unknown without it reads; {@code null} for others. */
    private static String customAttribute(QueryExpression expression) {
        String attribute = switch (expression) {
            case QueryExpression.Comparison c -> c.attribute();
            case QueryExpression.In in -> in.attribute();
            case QueryExpression.Between b -> b.attribute();
            case QueryExpression.StartsWith s -> s.attribute();
            default -> null;
        };
        return attribute == null || BuiltInAttribute.named(attribute).isPresent() ? null : attribute;
    }

    private String sql(QueryExpression expression) {
        return switch (expression) {
            case QueryExpression.Or or -> join(or.operands(), " OR ");
            case QueryExpression.And and -> join(and.operands(), " AND ");
            case QueryExpression.Not not -> "NOT (" + sql(not.operand()) + ")";
            case QueryExpression.Comparison c -> compare(c.attribute(), c.operator(), c.value());
            case QueryExpression.In in -> {
                List<String> equalities = new ArrayList<>();
                for (QueryLiteral value : in.values()) {
                    equalities.add("(" + compare(in.attribute(), ComparisonOperator.EQUAL, value) + ")");
                }
                String any = "(" + String.join(" OR ", equalities) + ")";
                yield in.negated() ? "NOT " + any : any;
            }
            case QueryExpression.Between b -> "(" + compare(b.attribute(), ComparisonOperator.GREATER_OR_EQUAL, b.low())
                    + ") AND (" + compare(b.attribute(), ComparisonOperator.LESS_OR_EQUAL, b.high()) + ")";
            case QueryExpression.StartsWith s -> startsWith(s.attribute(), s.prefix().value());
            case QueryExpression.IsNull isNull -> isNull(isNull.attribute(), isNull.negated());
        };
    }

    private String join(List<QueryExpression> operands, String operator) {
        List<String> parts = new ArrayList<>();
        for (QueryExpression operand : operands) {
            parts.add("(" + sql(operand) + ")");
        }
        return String.join(operator, parts);
    }

    // ------------------------------------------------------------ built-in attributes

    private String compare(String attribute, ComparisonOperator operator, QueryLiteral literal) {
        Optional<BuiltInAttribute> builtIn = BuiltInAttribute.named(attribute);
        if (builtIn.isEmpty()) {
            return customCompare(attribute, operator, literal);
        }
        return switch (builtIn.get()) {
            case WORKFLOW_ID -> keywordColumn("workflow_id", operator, literal);
            case RUN_ID -> keywordColumn("run_id", operator, literal);
            case WORKFLOW_TYPE -> keywordColumn("workflow_type", operator, literal);
            case TASK_QUEUE -> keywordColumn("task_queue", operator, literal);
            case EXECUTION_STATUS -> LiteralConversions.toText(literal)
                    .map(text -> statusIn(status -> operator.accepts(BuiltInAttribute.statusName(status).compareTo(text))))
                    .orElse("NULL");
            case START_TIME -> LiteralConversions.toInstant(literal).map(at -> millisColumn("start_time", operator, at))
                    .orElse("NULL");
            case CLOSE_TIME -> LiteralConversions.toInstant(literal).map(at -> millisColumn("close_time", operator, at))
                    .orElse("NULL");
        };
    }

    private String keywordColumn(String column, ComparisonOperator operator, QueryLiteral literal) {
        Optional<String> text = LiteralConversions.toText(literal);
        if (text.isEmpty()) {
            return "NULL";
        }
        parameters.add(text.get());
        return ordering(operator) ? column + " COLLATE \"C\" " + operator.symbol() + " ?"
                : column + " " + operator.symbol() + " ?";
    }

    /** The statuses whose query name passes {@code test}, as a condition on the status column. */
    private String statusIn(Predicate<WorkflowExecutionStatus> test) {
        List<WorkflowExecutionStatus> statuses = Arrays.stream(WorkflowExecutionStatus.values()).filter(test).toList();
        if (statuses.isEmpty()) {
            return "FALSE";
        }
        List<String> placeholders = new ArrayList<>();
        for (WorkflowExecutionStatus status : statuses) {
            parameters.add(status.name());
            placeholders.add("?");
        }
        return "status IN (" + String.join(", ", placeholders) + ")";
    }

    /**
     * A millisecond column against an instant: whole milliseconds, so the column's index serves it; a literal
     * between two milliseconds equals no value.
     */
    private String millisColumn(String column, ComparisonOperator operator, Instant at) {
        BigDecimal millis = epochMillis(at);
        boolean whole = millis.stripTrailingZeros().scale() <= 0;
        long floor = millis.setScale(0, RoundingMode.FLOOR).longValueExact();
        long ceiling = millis.setScale(0, RoundingMode.CEILING).longValueExact();
        return switch (operator) {
            case EQUAL -> whole ? bind(column + " = ?", floor) : "CASE WHEN " + column + " IS NOT NULL THEN FALSE END";
            case NOT_EQUAL -> whole ? bind(column + " <> ?", floor) : "CASE WHEN " + column + " IS NOT NULL THEN TRUE END";
            case LESS -> bind(column + " < ?", ceiling);
            case LESS_OR_EQUAL -> bind(column + " <= ?", floor);
            case GREATER -> bind(column + " > ?", floor);
            case GREATER_OR_EQUAL -> bind(column + " >= ?", ceiling);
        };
    }

    private String bind(String sql, Object value) {
        parameters.add(value);
        return sql;
    }

    private String startsWith(String attribute, String prefix) {
        Optional<BuiltInAttribute> builtIn = BuiltInAttribute.named(attribute);
        if (builtIn.isEmpty()) {
            parameters.addAll(List.of(attribute, attribute, prefix));
            return "CASE WHEN " + SA + " -> ? ->> 't' = 'KEYWORD' THEN starts_with(" + SA + " -> ? ->> 'v', ?) END";
        }
        return switch (builtIn.get()) {
            case WORKFLOW_ID -> bind("starts_with(workflow_id, ?)", prefix);
            case RUN_ID -> bind("starts_with(run_id, ?)", prefix);
            case WORKFLOW_TYPE -> bind("starts_with(workflow_type, ?)", prefix);
            case TASK_QUEUE -> bind("starts_with(task_queue, ?)", prefix);
            case EXECUTION_STATUS -> statusIn(status -> BuiltInAttribute.statusName(status).startsWith(prefix));
            case START_TIME, CLOSE_TIME -> "NULL"; // DATETIME has no STARTS_WITH: unknown
        };
    }

    private String isNull(String attribute, boolean negated) {
        Optional<BuiltInAttribute> builtIn = BuiltInAttribute.named(attribute);
        String isNull;
        if (builtIn.isEmpty()) {
            parameters.add(attribute);
            isNull = "(" + SA + " -> ?) IS NULL";
        } else {
            isNull = builtIn.get() == BuiltInAttribute.CLOSE_TIME ? "close_time IS NULL" : "FALSE";
        }
        return negated ? "NOT (" + isNull + ")" : isNull;
    }

    // ------------------------------------------------------------ custom search attributes

    /** One branch per stored type the literal can be compared with; NULL for the others and for a missing one. */
    private String customCompare(String attribute, ComparisonOperator operator, QueryLiteral literal) {
        List<String> branches = new ArrayList<>();
        List<Object> branchParameters = new ArrayList<>();
        String value = SA + " -> ? ->> 'v'";
        LiteralConversions.toText(literal).ifPresent(text -> {
            branches.add("WHEN 'KEYWORD' THEN (" + value + ")" + (ordering(operator) ? " COLLATE \"C\" " : " ")
                    + operator.symbol() + " ?");
            branchParameters.add(attribute);
            branchParameters.add(text);
            if (operator == ComparisonOperator.EQUAL || operator == ComparisonOperator.NOT_EQUAL) {
                List<String> words = words(text);
                branches.add("WHEN 'TEXT' THEN " + (operator == ComparisonOperator.NOT_EQUAL ? "NOT " : "")
                        + "(regexp_split_to_array(lower(" + value + "), '[^[:alnum:]]+') @> ?::text[])");
                branchParameters.add(attribute);
                branchParameters.add(words.toArray(String[]::new));
            }
        });
        LiteralConversions.toNumber(literal).ifPresent(number -> {
            branches.add("WHEN 'INT' THEN (" + value + ")::numeric " + operator.symbol() + " ?");
            branches.add("WHEN 'DOUBLE' THEN (" + value + ")::numeric " + operator.symbol() + " ?");
            branchParameters.addAll(List.of(attribute, number, attribute, number));
        });
        if (operator == ComparisonOperator.EQUAL || operator == ComparisonOperator.NOT_EQUAL) {
            LiteralConversions.toBoolean(literal).ifPresent(bool -> {
                branches.add("WHEN 'BOOL' THEN (" + value + ")::boolean " + operator.symbol() + " ?");
                branchParameters.addAll(List.of(attribute, bool));
            });
        }
        LiteralConversions.toInstant(literal).ifPresent(at -> {
            branches.add("WHEN 'DATETIME' THEN (" + value + ")::numeric " + operator.symbol() + " ?");
            branchParameters.addAll(List.of(attribute, epochSeconds(at)));
        });
        if (branches.isEmpty()) {
            return "NULL";
        }
        parameters.add(attribute);
        parameters.addAll(branchParameters);
        return "CASE " + SA + " -> ? ->> 't' " + String.join(" ", branches) + " END";
    }

    /** An instant as exact decimal epoch milliseconds. */
    private static BigDecimal epochMillis(Instant instant) {
        return epochSeconds(instant).movePointRight(3);
    }

    /** An instant as exact decimal epoch seconds, as the JSONB column holds DATETIME values. */
    public static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9));
    }

    private static boolean ordering(ComparisonOperator operator) {
        return operator != ComparisonOperator.EQUAL && operator != ComparisonOperator.NOT_EQUAL;
    }

    private static List<String> words(String text) {
        return Arrays.stream(NON_WORD.split(text)).filter(w -> !w.isEmpty())
                .map(w -> w.toLowerCase(Locale.ROOT)).distinct().toList();
    }
}
