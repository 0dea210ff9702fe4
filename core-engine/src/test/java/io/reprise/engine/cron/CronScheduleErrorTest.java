package io.reprise.engine.cron;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CronScheduleErrorTest {

    private static void assertRejected(String expression, String problem) {
        assertThatThrownBy(() -> CronSchedule.parse(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid cron expression \"" + expression + "\": " + problem);
    }

    @Test
    void eachFieldNamesItsRange() {
        assertRejected("60 * * * *", "minute field: 60 is out of range 0-59");
        assertRejected("0 25 * * *", "hour field: 25 is out of range 0-23");
        assertRejected("* * 0 * *", "day-of-month field: 0 is out of range 1-31");
        assertRejected("* * 32 * *", "day-of-month field: 32 is out of range 1-31");
        assertRejected("* * * 13 *", "month field: 13 is out of range 1-12");
        assertRejected("* * * * 8", "day-of-week field: 8 is out of range 0-7");
    }

    @Test
    void aHugeNumberIsOutOfRange() {
        assertRejected("99999999999 * * * *", "minute field: 99999999999 is out of range 0-59");
    }

    @Test
    void anUnknownNameListsTheNamesAndNumbers() {
        assertRejected("* * * FOO *", "month field: FOO is not a number 1-12 or a name JAN-DEC");
        assertRejected("* * * * FUN", "day-of-week field: FUN is not a number 0-7 or a name SUN-SAT");
    }

    @Test
    void fieldsWithoutNamesTakeOnlyNumbers() {
        assertRejected("x * * * *", "minute field: x is not a number 0-59");
        assertRejected("0 MON * * *", "hour field: MON is not a number 0-23");
    }

    @Test
    void aWrongFieldCountShowsTheFormat() {
        assertRejected("0 9 * *", "expected five fields \"minute hour day-of-month month day-of-week\""
                + " or a macro such as @daily or @every 1h, but found 4");
        assertRejected("0 0 9 * * *", "expected five fields \"minute hour day-of-month month day-of-week\""
                + " or a macro such as @daily or @every 1h, but found 6");
    }

    @Test
    void anEmptyExpressionHasNoFields() {
        assertRejected("  ", "expected five fields \"minute hour day-of-month month day-of-week\""
                + " or a macro such as @daily or @every 1h, but found 0");
    }

    @Test
    void aStepMustBeAPositiveWholeNumber() {
        assertRejected("*/0 * * * *", "minute field: step 0 in \"*/0\" must be at least 1");
        assertRejected("*/x * * * *", "minute field: step \"x\" in \"*/x\" is not a whole number");
        assertRejected("0 */ * * *", "hour field: step \"\" in \"*/\" is not a whole number");
    }

    @Test
    void aReversedRangeIsRejected() {
        assertRejected("20-5 * * * *", "minute field: range 20-5 is reversed; write its smaller end first");
        assertRejected("0 0 * DEC-JAN *", "month field: range DEC-JAN is reversed; write its smaller end first");
    }

    @Test
    void malformedListsAndRangesAreRejected() {
        assertRejected("1,,2 * * * *", "minute field: \"1,,2\" has an empty list item");
        assertRejected("1-2-3 * * * *", "minute field: \"1-2-3\" is not a value or a range a-b");
        assertRejected("-5 * * * *", "minute field: \"-5\" is missing a value");
        assertRejected("/5 * * * *", "minute field: \"/5\" is missing a value");
    }

    @Test
    void aQuestionMarkIsOnlyForDayFields() {
        assertRejected("? * * * *", "minute field: ? is only allowed in the day-of-month and day-of-week fields");
    }

    @Test
    void aDayOfMonthNoListedMonthHasIsRejected() {
        assertRejected("0 0 30 2 *", "day-of-month 30 never occurs in February, so the schedule would never fire");
        assertRejected("0 0 31 4,6,9,11 *", "day-of-month 31 never occurs in April, June, September or November,"
                + " so the schedule would never fire");
    }

    @Test
    void anUnknownMacroListsTheMacros() {
        assertRejected("@fortnightly", "unknown macro @fortnightly; expected @yearly, @annually, @monthly,"
                + " @weekly, @daily, @midnight, @hourly or @every <duration>");
    }

    @Test
    void aMacroTakesNoFields() {
        assertRejected("@daily 5", "@daily takes no fields, but found \"5\"");
    }

    @Test
    void everyNeedsOneValidPositiveDuration() {
        assertRejected("@every", "@every takes one duration such as 1h30m, 90s or 15m (units h, m, s, ms, us, ns),"
                + " but found 0 words after it");
        assertRejected("@every 5x", "@every duration \"5x\" is not a duration such as 1h30m, 90s or 15m"
                + " (units h, m, s, ms, us, ns)");
        assertRejected("@every 15", "@every duration \"15\" is not a duration such as 1h30m, 90s or 15m"
                + " (units h, m, s, ms, us, ns)");
        assertRejected("@every 0s", "@every duration \"0s\" must be longer than zero");
    }

    @Test
    void anUnknownTimeZoneIsNamed() {
        assertRejected("CRON_TZ=Mars/Base 0 9 * * *", "CRON_TZ: unknown time zone \"Mars/Base\";"
                + " expected a region such as America/New_York, UTC or an offset such as +02:00");
    }

    @Test
    void cronTzNeedsAZone() {
        assertRejected("CRON_TZ= 0 9 * * *", "CRON_TZ= needs a time zone such as America/New_York or UTC");
    }
}
