package io.reprise.engine.visibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class VisibilityQueryErrorTest {

    private static void assertRejected(String query, int position, String problem) {
        VisibilityQueryException error =
                catchThrowableOfType(VisibilityQueryException.class, () -> VisibilityQuery.parse(query));

        assertThat(error).as("error for %s", query).isNotNull();
        assertThat(error.getMessage()).isEqualTo("Invalid query at position " + position + ": " + problem);
        assertThat(error.position()).isEqualTo(position);
        assertThat(error.query()).isEqualTo(query);
    }

    @Test
    void theErrorIsAnIllegalArgumentException() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> VisibilityQuery.parse("a =")))
                .isInstanceOf(VisibilityQueryException.class);
    }

    @Test
    void aMissingValueAtTheEndPointsAtTheEnd() {
        assertRejected("WorkflowType = 'Order' AND Amount =", 35,
                "expected a value after '=' but found end of query");
    }

    @Test
    void anUnclosedParenthesisNamesWhereItOpened() {
        assertRejected("(WorkflowId = 'a' OR RunId = 'b'", 32,
                "expected ')' to close the '(' at position 0 but found end of query");
    }

    @Test
    void anUnopenedParenthesisIsATrailingToken() {
        assertRejected("RunId = 'b')", 11,
                "expected AND, OR or end of query but found ')' without a matching '('");
    }

    @Test
    void emptyParenthesesNeedAnExpression() {
        assertRejected("()", 1, "expected an attribute name, NOT or '(' but found ')'");
    }

    @Test
    void anUnterminatedStringPointsAtItsOpeningQuote() {
        assertRejected("WorkflowId = 'abc", 13,
                "expected a closing ' for the string that starts here but found end of query");
        assertRejected("WorkflowId = \"it''s", 13,
                "expected a closing \" for the string that starts here but found end of query");
    }

    @Test
    void anUnknownOperatorIsNamed() {
        assertRejected("Amount == 5", 7, "expected an operator (=, !=, <>, <, <=, >, >=) but found '=='");
        assertRejected("Amount ! 5", 7, "expected an operator (=, !=, <>, <, <=, >, >=) but found '!'");
    }

    @Test
    void anUnknownWordOperatorListsTheOperators() {
        assertRejected("Amount LIKE 'x%'", 7, "expected an operator (=, !=, <>, <, <=, >, >=, IN, NOT IN,"
                + " BETWEEN, STARTS_WITH or IS NULL) after Amount but found 'LIKE'");
    }

    @Test
    void trailingTokensAreRejected() {
        assertRejected("Amount = 5 6", 11, "expected AND, OR or end of query but found '6'");
        assertRejected("Amount = 5 Tier = 'a'", 11, "expected AND, OR or end of query but found 'Tier'");
    }

    @Test
    void anEmptyInListIsRejected() {
        assertRejected("Tier IN ()", 9,
                "expected a value in the IN list but found ')'; an IN list needs at least one");
    }

    @Test
    void anInListNeedsParentheses() {
        assertRejected("Tier IN 'a'", 8, "expected '(' after IN but found the string 'a'");
    }

    @Test
    void inListValuesAreSeparatedByCommas() {
        assertRejected("Tier IN ('a' 'b')", 13, "expected ',' or ')' in the IN list but found the string 'b'");
        assertRejected("Tier IN ('a',)", 13, "expected a value after ',' but found ')'");
        assertRejected("Tier IN ('a'", 12, "expected ',' or ')' in the IN list but found end of query");
    }

    @Test
    void notAfterAnAttributeMustBeFollowedByIn() {
        assertRejected("Tier NOT 'a'", 9, "expected IN after NOT but found the string 'a'");
    }

    @Test
    void betweenNeedsAndBetweenItsBounds() {
        assertRejected("Items BETWEEN 1 OR 2", 16, "expected AND between the BETWEEN bounds but found 'OR'");
        assertRejected("Items BETWEEN 1 AND", 19, "expected a value after AND but found end of query");
    }

    @Test
    void isMustBeFollowedByNull() {
        assertRejected("Amount IS 5", 10, "expected NULL after IS but found '5'");
        assertRejected("Amount IS NOT 5", 14, "expected NULL after IS NOT but found '5'");
    }

    @Test
    void nullIsNotAValue() {
        assertRejected("Amount = NULL", 9, "expected a value after '=' but found NULL;"
                + " use IS NULL or IS NOT NULL to test whether an attribute is set");
    }

    @Test
    void anUnquotedWordIsNotAValue() {
        assertRejected("WorkflowType = Order", 15,
                "expected a value after '=' but found 'Order'; strings are written in quotes");
    }

    @Test
    void startsWithNeedsAString() {
        assertRejected("Tier STARTS_WITH 5", 17, "expected a quoted string after STARTS_WITH but found '5'");
    }

    @Test
    void anAttributeIsExpectedWhereAPredicateStarts() {
        assertRejected("= 5", 0, "expected an attribute name, NOT or '(' but found '='");
        assertRejected("Amount = 5 AND", 14, "expected an attribute name, NOT or '(' but found end of query");
        assertRejected("Amount = 5 AND OR Tier = 'a'", 15, "expected an attribute name, NOT or '(' but found 'OR'");
    }

    @Test
    void aKeywordIsNotAnAttributeNameWithoutBackticks() {
        assertRejected("And = 5", 0, "expected an attribute name, NOT or '(' but found 'And'");
    }

    @Test
    void anUnexpectedCharacterIsNamed() {
        assertRejected("Amount = 5 # x", 11,
                "expected an attribute, value, operator or parenthesis but found '#'");
    }

    @Test
    void backtickedNamesMustBeClosedIdentifiers() {
        assertRejected("`Amount = 5", 7, "expected a closing ` after the attribute name but found ' '");
        assertRejected("`` = 5", 1, "expected an attribute name (a letter or _, then letters, digits or _)"
                + " after ` but found '`'");
        assertRejected("`9lives` = 5", 1, "expected an attribute name (a letter or _, then letters, digits or _)"
                + " after ` but found '9'");
    }

    @Test
    void anIntegerMustFitInALong() {
        assertRejected("Items = 99999999999999999999", 8, "expected an integer from -9223372036854775808"
                + " to 9223372036854775807 but found 99999999999999999999");
    }

    @Test
    void aDecimalPointNeedsDigitsAfterIt() {
        assertRejected("Items = 1.", 10, "expected a digit after the decimal point but found end of query");
    }

    // --- built-in attributes check their literals while parsing

    @Test
    void anUnknownExecutionStatusListsTheValidOnes() {
        assertRejected("ExecutionStatus = 'Bogus'", 18, "expected an execution status"
                + " (Running, Completed, Failed, TimedOut, Canceled, Terminated) for ExecutionStatus but found the string 'Bogus'");
    }

    @Test
    void anUnknownExecutionStatusInAnInListPointsAtIt() {
        assertRejected("ExecutionStatus IN ('Running', 'Done')", 31, "expected an execution status"
                + " (Running, Completed, Failed, TimedOut, Canceled, Terminated) for ExecutionStatus but found the string 'Done'");
    }

    @Test
    void executionStatusHasNoOrder() {
        assertRejected("ExecutionStatus > 'Running'", 16,
                "expected =, !=, <>, IN, NOT IN or IS NULL after ExecutionStatus but found '>'");
        assertRejected("ExecutionStatus STARTS_WITH 'Run'", 16,
                "expected =, !=, <>, IN, NOT IN or IS NULL after ExecutionStatus but found 'STARTS_WITH'");
    }

    @Test
    void aStartTimeThatIsNotADateTimeSaysTheExpectedFormat() {
        assertRejected("StartTime > 'yesterday'", 12, "expected an ISO-8601 date-time with offset such as"
                + " '2026-11-22T10:00:00Z' or a date such as '2026-11-22' for StartTime but found the string"
                + " 'yesterday'");
    }

    @Test
    void aDateTimeWithoutOffsetIsAmbiguousAndRejected() {
        assertRejected("CloseTime < '2026-11-22T10:00:00'", 12, "expected an ISO-8601 date-time with offset such as"
                + " '2026-11-22T10:00:00Z' or a date such as '2026-11-22' for CloseTime but found the string"
                + " '2026-11-22T10:00:00'");
    }

    @Test
    void aTimeHasNoPrefix() {
        assertRejected("CloseTime STARTS_WITH '2026'", 10, "expected =, !=, <>, <, <=, >, >=, IN, NOT IN,"
                + " BETWEEN or IS NULL after CloseTime but found 'STARTS_WITH'");
    }

    @Test
    void aKeywordBuiltInNeedsAString() {
        assertRejected("WorkflowId = 42", 13, "expected a quoted string for WorkflowId but found '42'");
        assertRejected("TaskQueue IN ('a', true)", 19, "expected a quoted string for TaskQueue but found 'true'");
    }
}
