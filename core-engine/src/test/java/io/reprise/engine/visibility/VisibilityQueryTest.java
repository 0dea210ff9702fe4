package io.reprise.engine.visibility;

import static io.reprise.common.SearchAttributeType.BOOL;
import static io.reprise.common.SearchAttributeType.DATETIME;
import static io.reprise.common.SearchAttributeType.DOUBLE;
import static io.reprise.common.SearchAttributeType.INT;
import static io.reprise.common.SearchAttributeType.KEYWORD;
import static io.reprise.common.SearchAttributeType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.WorkflowExecutionStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisibilityQueryTest {

    private static final TestRun RUN = TestRun.running();

    private static boolean matches(String query, TestRun run) {
        return VisibilityQuery.parse(query).matches(run);
    }

    // --- blank queries and normal form

    @Test
    void aBlankQueryMatchesEveryRun() {
        assertThat(matches("", RUN)).isTrue();
        assertThat(matches("  \t ", RUN)).isTrue();
        assertThat(VisibilityQuery.parse(null).matches(RUN)).isTrue();
        assertThat(VisibilityQuery.parse(" ").toString()).isEmpty();
        assertThat(VisibilityQuery.parse(" ").expression()).isEmpty();
    }

    @Test
    void toStringIsTheNormalisedQuery() {
        VisibilityQuery query = VisibilityQuery.parse(
                "workflowtype <> \"Order\" and (`Not` in (1,2.50) or x is not null) OR not y between 1 and 2");

        assertThat(query.toString()).isEqualTo(
                "workflowtype != 'Order' AND (`Not` IN (1, 2.50) OR x IS NOT NULL) OR NOT y BETWEEN 1 AND 2");
    }

    @Test
    void theNormalisedQueryParsesToAnEqualQuery() {
        VisibilityQuery query = VisibilityQuery.parse(
                "NOT (a = 1 OR b = 'it''s') AND c STARTS_WITH 'x' AND d NOT IN (true, -3) AND e IS NULL");

        assertThat(VisibilityQuery.parse(query.toString())).isEqualTo(query);
        assertThat(query.toString()).isEqualTo(
                "NOT (a = 1 OR b = 'it''s') AND c STARTS_WITH 'x' AND d NOT IN (true, -3) AND e IS NULL");
    }

    @Test
    void nestedAndsAndOrsAreFlattened() {
        VisibilityQuery query = VisibilityQuery.parse("(a = 1 AND (b = 2 AND c = 3)) OR ((d = 4) OR e = 5)");

        assertThat(query.toString()).isEqualTo("a = 1 AND b = 2 AND c = 3 OR d = 4 OR e = 5");
        assertThat(query.expression()).get().isInstanceOf(QueryExpression.Or.class);
        assertThat(((QueryExpression.Or) query.expression().orElseThrow()).operands()).hasSize(3);
    }

    @Test
    void builtInLiteralsAreNormalised() {
        VisibilityQuery query = VisibilityQuery.parse(
                "ExecutionStatus IN ('RUNNING', 'timed_out') AND StartTime >= '2026-11-22T11:00:00+01:00'"
                        + " AND CloseTime < '2026-11-23'");

        assertThat(query.toString()).isEqualTo("ExecutionStatus IN ('Running', 'TimedOut')"
                + " AND StartTime >= '2026-11-22T10:00:00Z' AND CloseTime < '2026-11-23T00:00:00Z'");
    }

    @Test
    void theTreeIsMadeOfRecords() {
        VisibilityQuery query = VisibilityQuery.parse("Amount > 10 AND NOT Vip = true");

        assertThat(query.expression()).contains(new QueryExpression.And(List.of(
                new QueryExpression.Comparison("Amount", ComparisonOperator.GREATER, new QueryLiteral.Int(10)),
                new QueryExpression.Not(new QueryExpression.Comparison("Vip", ComparisonOperator.EQUAL,
                        new QueryLiteral.Bool(true))))));
    }

    // --- boolean structure

    @Test
    void andBindsTighterThanOr() {
        // read as a OR (b AND c): true although b is false
        String query = "WorkflowId = 'order-1' OR WorkflowType = 'Refund' AND TaskQueue = 'orders'";

        assertThat(matches(query, RUN)).isTrue();
        assertThat(VisibilityQuery.parse(query).toString()).isEqualTo(query);
    }

    @Test
    void parenthesesOverridePrecedence() {
        assertThat(matches("(WorkflowId = 'order-1' OR WorkflowType = 'Refund') AND TaskQueue = 'refunds'", RUN))
                .isFalse();
    }

    @Test
    void notNegatesTheNextUnaryOnly() {
        assertThat(matches("NOT WorkflowType = 'Refund' AND TaskQueue = 'orders'", RUN)).isTrue();
        assertThat(matches("NOT (WorkflowType = 'Refund' OR TaskQueue = 'orders')", RUN)).isFalse();
        assertThat(matches("NOT NOT WorkflowType = 'Order'", RUN)).isTrue();
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(matches("workflowid = 'x' oR WorkflowId iN ('order-1') aNd NoT RunId iS nUlL", RUN)).isTrue();
    }

    // --- built-in attributes

    @Test
    void keywordBuiltInsCompareExactly() {
        assertThat(matches("WorkflowId = 'order-1'", RUN)).isTrue();
        assertThat(matches("RunId = 'run-1'", RUN)).isTrue();
        assertThat(matches("WorkflowType = 'Order'", RUN)).isTrue();
        assertThat(matches("TaskQueue = 'orders'", RUN)).isTrue();
        assertThat(matches("WorkflowType = 'order'", RUN)).isFalse();
        assertThat(matches("TaskQueue != 'orders'", RUN)).isFalse();
    }

    @Test
    void keywordBuiltInsOrderAsStrings() {
        assertThat(matches("WorkflowId > 'order-0' AND WorkflowId < 'order-2'", RUN)).isTrue();
        assertThat(matches("WorkflowId BETWEEN 'order-1' AND 'order-1'", RUN)).isTrue();
        assertThat(matches("WorkflowId >= 'p'", RUN)).isFalse();
    }

    @Test
    void startsWithMatchesAKeywordPrefixCaseSensitively() {
        assertThat(matches("WorkflowId STARTS_WITH 'order-'", RUN)).isTrue();
        assertThat(matches("WorkflowId STARTS_WITH 'Order-'", RUN)).isFalse();
        assertThat(matches("WorkflowId STARTS_WITH ''", RUN)).isTrue();
    }

    @Test
    void executionStatusAcceptsBothSpellingsInAnyCase() {
        TestRun timedOut = RUN.withStatus(WorkflowExecutionStatus.TIMED_OUT);

        assertThat(matches("ExecutionStatus = 'Running'", RUN)).isTrue();
        assertThat(matches("ExecutionStatus = 'RUNNING'", RUN)).isTrue();
        assertThat(matches("ExecutionStatus = 'running'", RUN)).isTrue();
        assertThat(matches("ExecutionStatus = 'TimedOut'", timedOut)).isTrue();
        assertThat(matches("ExecutionStatus = 'TIMED_OUT'", timedOut)).isTrue();
        assertThat(matches("ExecutionStatus = 'Completed'", RUN)).isFalse();
    }

    @Test
    void executionStatusSupportsNotEqualAndIn() {
        TestRun failed = RUN.withStatus(WorkflowExecutionStatus.FAILED);

        assertThat(matches("ExecutionStatus != 'Running'", failed)).isTrue();
        assertThat(matches("ExecutionStatus IN ('Completed', 'FAILED')", failed)).isTrue();
        assertThat(matches("ExecutionStatus NOT IN ('Completed', 'FAILED')", failed)).isFalse();
    }

    @Test
    void startTimeComparesWithADateTime() {
        assertThat(matches("StartTime = '2026-11-22T10:00:00Z'", RUN)).isTrue();
        assertThat(matches("StartTime > '2026-11-22T09:59:59.999Z'", RUN)).isTrue();
        assertThat(matches("StartTime < '2026-11-22T10:00:00Z'", RUN)).isFalse();
    }

    @Test
    void aDateTimeLiteralMayHaveAnyOffset() {
        assertThat(matches("StartTime = '2026-11-22T05:00:00-05:00'", RUN)).isTrue();
    }

    @Test
    void aDateLiteralMeansItsMidnightInUtc() {
        assertThat(matches("StartTime BETWEEN '2026-11-22' AND '2026-11-23'", RUN)).isTrue();
        assertThat(matches("StartTime >= '2026-11-23'", RUN)).isFalse();
        assertThat(matches("StartTime > '2026-11-22'", RUN.closedAt(null))).isTrue();
    }

    @Test
    void closeTimeIsNullWhileRunning() {
        assertThat(matches("CloseTime IS NULL", RUN)).isTrue();
        assertThat(matches("CloseTime > '2000-01-01'", RUN)).isFalse();
        assertThat(matches("NOT CloseTime > '2000-01-01'", RUN)).isFalse();
    }

    @Test
    void closeTimeIsSetOnceClosed() {
        TestRun closed = RUN.closedAt(Instant.parse("2026-11-22T10:05:00Z"));

        assertThat(matches("CloseTime IS NOT NULL", closed)).isTrue();
        assertThat(matches("CloseTime <= '2026-11-22T10:05:00Z'", closed)).isTrue();
        assertThat(matches("CloseTime < '2026-11-22T10:05:00Z'", closed)).isFalse();
    }

    @Test
    void aBuiltInNameIsCaseSensitive() {
        // workflowId is a custom attribute this run does not have
        assertThat(matches("workflowId = 'order-1'", RUN)).isFalse();
        assertThat(matches("workflowId IS NULL", RUN)).isTrue();
    }

    // --- custom attributes by type

    @Test
    void aKeywordAttributeComparesExactlyAndOrdersAsAString() {
        TestRun gold = RUN.with("Tier", KEYWORD, "gold");

        assertThat(matches("Tier = 'gold'", gold)).isTrue();
        assertThat(matches("Tier = 'Gold'", gold)).isFalse();
        assertThat(matches("Tier != 'silver'", gold)).isTrue();
        assertThat(matches("Tier < 'h' AND Tier > 'f'", gold)).isTrue();
        assertThat(matches("Tier STARTS_WITH 'go'", gold)).isTrue();
        assertThat(matches("Tier IN ('silver', 'gold')", gold)).isTrue();
    }

    @Test
    void aKeywordAttributeIsNotEqualToANumber() {
        TestRun coded = RUN.with("Code", KEYWORD, "5");

        assertThat(matches("Code = 5", coded)).isFalse();
        assertThat(matches("Code != 5", coded)).isFalse();
        assertThat(matches("Code = '5'", coded)).isTrue();
    }

    @Test
    void aTextAttributeEqualsWhenItContainsAllTheWords() {
        TestRun noted = RUN.with("Note", TEXT, "Rush order: ship to Oslo, gift-wrapped!");

        assertThat(matches("Note = 'rush'", noted)).isTrue();
        assertThat(matches("Note = 'OSLO rush'", noted)).isTrue();
        assertThat(matches("Note = 'gift, wrapped'", noted)).isTrue();
        assertThat(matches("Note = 'rush bergen'", noted)).isFalse();
        assertThat(matches("Note = 'rus'", noted)).isFalse();
    }

    @Test
    void aTextAttributeNotEqualIsTheNegationOfContainsAllWords() {
        TestRun noted = RUN.with("Note", TEXT, "Rush order");

        assertThat(matches("Note != 'bergen'", noted)).isTrue();
        assertThat(matches("Note != 'order RUSH'", noted)).isFalse();
    }

    @Test
    void aTextAttributeHasNoOrderOrPrefix() {
        TestRun noted = RUN.with("Note", TEXT, "Rush order");

        assertThat(matches("Note > 'a'", noted)).isFalse();
        assertThat(matches("Note STARTS_WITH 'Rush'", noted)).isFalse();
        assertThat(matches("NOT Note STARTS_WITH 'Rush'", noted)).isFalse();
    }

    @Test
    void anIntAttributeComparesNumerically() {
        TestRun run = RUN.with("Items", INT, 12L);

        assertThat(matches("Items = 12", run)).isTrue();
        assertThat(matches("Items > 9", run)).isTrue();
        assertThat(matches("Items <= 11", run)).isFalse();
        assertThat(matches("Items BETWEEN 12 AND 20", run)).isTrue();
        assertThat(matches("Items IN (1, 12)", run)).isTrue();
        assertThat(matches("Items > -1", run)).isTrue();
    }

    @Test
    void anIntAttributeComparesWithADecimalLiteral() {
        TestRun run = RUN.with("Items", INT, 12L);

        assertThat(matches("Items < 12.5", run)).isTrue();
        assertThat(matches("Items = 12.0", run)).isTrue();
        assertThat(matches("Items > 12.01", run)).isFalse();
    }

    @Test
    void aDoubleAttributeComparesWithAnIntegerLiteral() {
        TestRun run = RUN.with("Amount", DOUBLE, 99.5);

        assertThat(matches("Amount > 99", run)).isTrue();
        assertThat(matches("Amount < 100", run)).isTrue();
        assertThat(matches("Amount = 99.50", run)).isTrue();
    }

    @Test
    void aDoubleAttributeEqualsTheDecimalItWasWrittenAs() {
        assertThat(matches("Rate = 0.1", RUN.with("Rate", DOUBLE, 0.1))).isTrue();
    }

    @Test
    void aQuotedNumberIsReadAsANumber() {
        assertThat(matches("Amount = '99.5'", RUN.with("Amount", DOUBLE, 99.5))).isTrue();
    }

    @Test
    void aLiteralThatIsNotANumberMatchesNeitherWayOnANumericAttribute() {
        TestRun run = RUN.with("Amount", DOUBLE, 99.5);

        assertThat(matches("Amount = 'abc'", run)).isFalse();
        assertThat(matches("Amount != 'abc'", run)).isFalse();
        assertThat(matches("NOT Amount = 'abc'", run)).isFalse();
        assertThat(matches("Amount = true", run)).isFalse();
    }

    @Test
    void aBoolAttributeSupportsEqualAndNotEqual() {
        TestRun vip = RUN.with("Vip", BOOL, true);

        assertThat(matches("Vip = true", vip)).isTrue();
        assertThat(matches("Vip = TRUE", vip)).isTrue();
        assertThat(matches("Vip != false", vip)).isTrue();
        assertThat(matches("Vip = false", vip)).isFalse();
        assertThat(matches("Vip = 'true'", vip)).isTrue();
        assertThat(matches("Vip > false", vip)).isFalse();
        assertThat(matches("Vip = 1", vip)).isFalse();
    }

    @Test
    void aDatetimeAttributeComparesWithAQuotedDateTimeOrDate() {
        TestRun due = RUN.with("DueAt", DATETIME, Instant.parse("2026-12-01T08:00:00Z"));

        assertThat(matches("DueAt = '2026-12-01T09:00:00+01:00'", due)).isTrue();
        assertThat(matches("DueAt > '2026-12-01'", due)).isTrue();
        assertThat(matches("DueAt BETWEEN '2026-11-01' AND '2026-11-30'", due)).isFalse();
        assertThat(matches("DueAt = 'soon'", due)).isFalse();
    }

    // --- missing attributes

    @Test
    void aComparisonOnAMissingAttributeIsFalseEvenForNotEqual() {
        assertThat(matches("Amount = 5", RUN)).isFalse();
        assertThat(matches("Amount != 5", RUN)).isFalse();
        assertThat(matches("Amount NOT IN (5)", RUN)).isFalse();
        assertThat(matches("Amount BETWEEN 1 AND 9", RUN)).isFalse();
        assertThat(matches("Tier STARTS_WITH 'g'", RUN)).isFalse();
    }

    @Test
    void aNegatedComparisonOnAMissingAttributeIsAlsoFalse() {
        assertThat(matches("NOT Amount = 5", RUN)).isFalse();
    }

    @Test
    void isNullTellsWhetherTheRunHasTheAttribute() {
        TestRun withAmount = RUN.with("Amount", DOUBLE, 1.0);

        assertThat(matches("Amount IS NULL", RUN)).isTrue();
        assertThat(matches("Amount IS NOT NULL", RUN)).isFalse();
        assertThat(matches("Amount IS NULL", withAmount)).isFalse();
        assertThat(matches("Amount IS NOT NULL", withAmount)).isTrue();
    }

    @Test
    void anUnknownPredicateDoesNotSpoilAnOr() {
        assertThat(matches("Amount = 5 OR WorkflowType = 'Order'", RUN)).isTrue();
        assertThat(matches("NOT (Amount = 5 AND WorkflowType = 'Refund')", RUN)).isTrue();
    }

    // --- literals and names

    @Test
    void stringsMayUseEitherQuoteAndDoubleItToEscape() {
        TestRun run = RUN.with("Customer", KEYWORD, "O'Brien \"Jr\"");

        assertThat(matches("Customer = 'O''Brien \"Jr\"'", run)).isTrue();
        assertThat(matches("Customer = \"O'Brien \"\"Jr\"\"\"", run)).isTrue();
        assertThat(VisibilityQuery.parse("Customer = \"O'Brien\"").toString()).isEqualTo("Customer = 'O''Brien'");
    }

    @Test
    void aBacktickedNameMayBeAKeyword() {
        TestRun run = RUN.with("Not", BOOL, true);

        assertThat(matches("`Not` = true", run)).isTrue();
        assertThat(matches("`Amount` IS NULL", run)).isTrue();
        assertThat(VisibilityQuery.parse("`Amount` IS NULL").toString()).isEqualTo("Amount IS NULL");
    }

    @Test
    void whitespaceBetweenTokensIsOptional() {
        assertThat(matches("(Items>=12)AND(Items<>13)", RUN.with("Items", INT, 12L))).isTrue();
    }
}
