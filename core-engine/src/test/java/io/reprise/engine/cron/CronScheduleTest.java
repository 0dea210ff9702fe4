package io.reprise.engine.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    /** 2026-11-22 is a Sunday. */
    private static final String SUNDAY_MORNING = "2026-11-22T10:07:30Z";

    private static Instant next(String expression, String after) {
        return CronSchedule.parse(expression).nextAfter(Instant.parse(after));
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    // --- minutes and hours

    @Test
    void everyFifteenMinutesFiresAtTheNextQuarterHour() {
        assertThat(next("*/15 * * * *", SUNDAY_MORNING)).isEqualTo(at("2026-11-22T10:15:00Z"));
    }

    @Test
    void theNextFireTimeIsStrictlyAfterTheGivenTime() {
        assertThat(next("*/15 * * * *", "2026-11-22T10:15:00Z")).isEqualTo(at("2026-11-22T10:30:00Z"));
        assertThat(next("*/15 * * * *", "2026-11-22T10:14:59.999Z")).isEqualTo(at("2026-11-22T10:15:00Z"));
    }

    @Test
    void everyMinuteFiresAtTheNextWholeMinute() {
        assertThat(next("* * * * *", SUNDAY_MORNING)).isEqualTo(at("2026-11-22T10:08:00Z"));
    }

    @Test
    void aFixedTimeThatHasPassedTodayFiresTomorrow() {
        assertThat(next("30 9 * * *", SUNDAY_MORNING)).isEqualTo(at("2026-11-23T09:30:00Z"));
    }

    @Test
    void aListFiresAtEachValue() {
        assertThat(next("5,10,50 * * * *", SUNDAY_MORNING)).isEqualTo(at("2026-11-22T10:10:00Z"));
        assertThat(next("5,10,50 * * * *", "2026-11-22T10:50:00Z")).isEqualTo(at("2026-11-22T11:05:00Z"));
    }

    @Test
    void aSteppedRangeFiresFromItsStart() {
        assertThat(next("0 8-18/4 * * *", "2026-11-22T12:00:00Z")).isEqualTo(at("2026-11-22T16:00:00Z"));
        assertThat(next("0 8-18/4 * * *", "2026-11-22T16:00:00Z")).isEqualTo(at("2026-11-23T08:00:00Z"));
    }

    @Test
    void aStepFromAValueRunsToTheFieldsMaximum() {
        assertThat(next("10/20 * * * *", "2026-11-22T10:31:00Z")).isEqualTo(at("2026-11-22T10:50:00Z"));
        assertThat(next("10/20 * * * *", "2026-11-22T10:50:00Z")).isEqualTo(at("2026-11-22T11:10:00Z"));
    }

    @Test
    void aRangeFiresAtEveryValueInIt() {
        assertThat(next("0 22-23 * * *", SUNDAY_MORNING)).isEqualTo(at("2026-11-22T22:00:00Z"));
        assertThat(next("0 22-23 * * *", "2026-11-22T23:00:00Z")).isEqualTo(at("2026-11-23T22:00:00Z"));
    }

    // --- days, months and years

    @Test
    void monthNamesAreCaseInsensitive() {
        assertThat(next("0 0 1 JAN,jul *", SUNDAY_MORNING)).isEqualTo(at("2027-01-01T00:00:00Z"));
        assertThat(next("0 0 1 JAN,jul *", "2027-01-01T00:00:00Z")).isEqualTo(at("2027-07-01T00:00:00Z"));
    }

    @Test
    void weekdaysByNameSkipTheWeekend() {
        // Friday 2026-11-27 after nine, so next is Monday
        assertThat(next("0 9 * * MON-FRI", "2026-11-27T10:00:00Z")).isEqualTo(at("2026-11-30T09:00:00Z"));
        assertThat(next("0 9 * * mon-fri", SUNDAY_MORNING)).isEqualTo(at("2026-11-23T09:00:00Z"));
    }

    @Test
    void sundayIsBothZeroAndSeven() {
        assertThat(next("0 0 * * 7", "2026-11-20T00:00:00Z")).isEqualTo(at("2026-11-22T00:00:00Z"));
        assertThat(next("0 0 * * 0", "2026-11-20T00:00:00Z")).isEqualTo(at("2026-11-22T00:00:00Z"));
        assertThat(next("0 0 * * SUN", "2026-11-20T00:00:00Z")).isEqualTo(at("2026-11-22T00:00:00Z"));
    }

    @Test
    void aWeekdayRangeMayEndOnSunday() {
        assertThat(next("0 0 * * FRI-SUN", "2026-11-22T00:00:00Z")).isEqualTo(at("2026-11-27T00:00:00Z"));
        assertThat(next("0 0 * * 5-7", "2026-11-22T00:00:00Z")).isEqualTo(at("2026-11-27T00:00:00Z"));
        assertThat(next("0 0 * * FRI-SUN", "2026-11-21T00:00:00Z")).isEqualTo(at("2026-11-22T00:00:00Z"));
    }

    @Test
    void withBothDayFieldsRestrictedEitherMatchingDayFires() {
        // the 13th or any Friday: Friday the 27th comes first, then Friday 4 December, and Sunday the 13th
        assertThat(next("0 0 13 * FRI", SUNDAY_MORNING)).isEqualTo(at("2026-11-27T00:00:00Z"));
        assertThat(next("0 0 13 * FRI", "2026-12-11T00:00:00Z")).isEqualTo(at("2026-12-13T00:00:00Z"));
    }

    @Test
    void withOnlyTheDayOfMonthRestrictedTheWeekdayDoesNotMatter() {
        assertThat(next("0 0 13 * *", SUNDAY_MORNING)).isEqualTo(at("2026-12-13T00:00:00Z"));
    }

    @Test
    void withOnlyTheDayOfWeekRestrictedTheDayOfMonthDoesNotMatter() {
        assertThat(next("0 0 * * FRI", SUNDAY_MORNING)).isEqualTo(at("2026-11-27T00:00:00Z"));
    }

    @Test
    void aQuestionMarkIsAnUnrestrictedDayField() {
        assertThat(next("0 0 ? * FRI", SUNDAY_MORNING)).isEqualTo(at("2026-11-27T00:00:00Z"));
        assertThat(next("0 0 13 * ?", SUNDAY_MORNING)).isEqualTo(at("2026-12-13T00:00:00Z"));
    }

    @Test
    void aSteppedDayOfMonthCountsAsARestriction() {
        // days 1, 11, 21, 31 or Mondays
        assertThat(next("0 0 */10 * MON", SUNDAY_MORNING)).isEqualTo(at("2026-11-23T00:00:00Z"));
        assertThat(next("0 0 */10 * MON", "2026-11-30T00:00:00Z")).isEqualTo(at("2026-12-01T00:00:00Z"));
    }

    @Test
    void theThirtyFirstSkipsShorterMonths() {
        assertThat(next("0 0 31 * *", "2026-04-01T00:00:00Z")).isEqualTo(at("2026-05-31T00:00:00Z"));
        assertThat(next("0 0 31 * *", "2026-05-31T00:00:00Z")).isEqualTo(at("2026-07-31T00:00:00Z"));
    }

    @Test
    void february29thFiresOnlyInLeapYears() {
        assertThat(next("0 0 29 2 *", SUNDAY_MORNING)).isEqualTo(at("2028-02-29T00:00:00Z"));
        assertThat(next("0 0 29 2 *", "2028-02-29T00:00:00Z")).isEqualTo(at("2032-02-29T00:00:00Z"));
    }

    @Test
    void february29thSkipsACenturyThatIsNotALeapYear() {
        assertThat(next("0 0 29 2 *", "2096-03-01T00:00:00Z")).isEqualTo(at("2104-02-29T00:00:00Z"));
    }

    @Test
    void theLastMinuteOfTheYearRollsIntoTheNextYear() {
        assertThat(next("0 0 1 1 *", "2026-12-31T23:59:59Z")).isEqualTo(at("2027-01-01T00:00:00Z"));
        assertThat(next("59 23 31 12 *", "2026-12-31T23:59:00Z")).isEqualTo(at("2027-12-31T23:59:00Z"));
        assertThat(next("* * * * *", "2026-12-31T23:59:30Z")).isEqualTo(at("2027-01-01T00:00:00Z"));
    }

    @Test
    void aDayOfMonthThatExistsInOnlySomeListedMonthsIsAccepted() {
        assertThat(next("0 0 31 2,3 *", "2026-11-22T00:00:00Z")).isEqualTo(at("2027-03-31T00:00:00Z"));
    }

    @Test
    void february30thIsAcceptedWhenTheWeekdayIsRestrictedToo() {
        // either matching day fires, so Mondays in February do
        assertThat(next("0 0 30 2 MON", SUNDAY_MORNING)).isEqualTo(at("2027-02-01T00:00:00Z"));
    }

    // --- macros

    @Test
    void yearlyAndAnnuallyFireOnNewYearsDay() {
        assertThat(next("@yearly", SUNDAY_MORNING)).isEqualTo(at("2027-01-01T00:00:00Z"));
        assertThat(next("@annually", SUNDAY_MORNING)).isEqualTo(at("2027-01-01T00:00:00Z"));
    }

    @Test
    void monthlyFiresOnTheFirst() {
        assertThat(next("@monthly", SUNDAY_MORNING)).isEqualTo(at("2026-12-01T00:00:00Z"));
    }

    @Test
    void weeklyFiresOnSundayMidnight() {
        assertThat(next("@weekly", SUNDAY_MORNING)).isEqualTo(at("2026-11-29T00:00:00Z"));
    }

    @Test
    void dailyAndMidnightFireAtMidnight() {
        assertThat(next("@daily", SUNDAY_MORNING)).isEqualTo(at("2026-11-23T00:00:00Z"));
        assertThat(next("@midnight", SUNDAY_MORNING)).isEqualTo(at("2026-11-23T00:00:00Z"));
    }

    @Test
    void hourlyFiresOnTheHour() {
        assertThat(next("@hourly", SUNDAY_MORNING)).isEqualTo(at("2026-11-22T11:00:00Z"));
    }

    @Test
    void macroNamesAreCaseInsensitive() {
        assertThat(next("@Daily", SUNDAY_MORNING)).isEqualTo(at("2026-11-23T00:00:00Z"));
    }

    // --- @every

    @Test
    void everyFiresAtTheNextMultipleOfTheIntervalSinceTheEpoch() {
        assertThat(next("@every 15m", SUNDAY_MORNING)).isEqualTo(at("2026-11-22T10:15:00Z"));
        assertThat(next("@every 1h30m", SUNDAY_MORNING)).isEqualTo(at("2026-11-22T10:30:00Z"));
        assertThat(next("@every 90s", SUNDAY_MORNING)).isEqualTo(at("2026-11-22T10:09:00Z"));
    }

    @Test
    void everyIsStrictlyAfterAnExactMultiple() {
        assertThat(next("@every 15m", "2026-11-22T10:15:00Z")).isEqualTo(at("2026-11-22T10:30:00Z"));
    }

    @Test
    void everyAcceptsFractionsAndSmallUnits() {
        assertThat(next("@every 1.5h", SUNDAY_MORNING)).isEqualTo(at("2026-11-22T10:30:00Z"));
        assertThat(next("@every 250ms", "2026-11-22T10:07:30.100Z")).isEqualTo(at("2026-11-22T10:07:30.250Z"));
    }

    @Test
    void everyWorksBeforeTheEpoch() {
        assertThat(next("@every 1m", "1969-12-31T23:59:59Z")).isEqualTo(at("1970-01-01T00:00:00Z"));
        assertThat(next("@every 1m", "1969-12-31T23:58:00Z")).isEqualTo(at("1969-12-31T23:59:00Z"));
    }

    @Test
    void everyIgnoresTheTimeZone() {
        assertThat(next("CRON_TZ=Asia/Kolkata @every 1h", SUNDAY_MORNING)).isEqualTo(at("2026-11-22T11:00:00Z"));
    }

    // --- time zones

    @Test
    void cronTzReadsTheFieldsInThatZone() {
        // 09:00 in New York in November is 14:00 UTC; Sunday, so Monday
        assertThat(next("CRON_TZ=America/New_York 0 9 * * MON-FRI", SUNDAY_MORNING))
                .isEqualTo(at("2026-11-23T14:00:00Z"));
    }

    @Test
    void cronTzAppliesToMacros() {
        assertThat(next("CRON_TZ=Europe/Berlin @daily", SUNDAY_MORNING)).isEqualTo(at("2026-11-22T23:00:00Z"));
    }

    @Test
    void aLocalTimeSkippedWhenClocksGoForwardDoesNotFireThatDay() {
        // 2026-03-08 in New York: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist
        assertThat(next("CRON_TZ=America/New_York 30 2 * * *", "2026-03-07T08:00:00Z"))
                .isEqualTo(at("2026-03-09T06:30:00Z"));
    }

    @Test
    void anHourlyScheduleContinuesAfterTheSkippedHour() {
        // 01:30 EST; 02:00 does not exist, next is 03:00 EDT
        assertThat(next("CRON_TZ=America/New_York 0 * * * *", "2026-03-08T06:30:00Z"))
                .isEqualTo(at("2026-03-08T07:00:00Z"));
    }

    @Test
    void aRepeatedLocalTimeFiresOnlyTheFirstTimeWhenClocksGoBack() {
        // 2026-11-01 in New York: 02:00 EDT falls back to 01:00 EST, so 01:30 happens at 05:30Z and 06:30Z
        String expression = "CRON_TZ=America/New_York 30 1 * * *";

        assertThat(next(expression, "2026-11-01T04:00:00Z")).isEqualTo(at("2026-11-01T05:30:00Z"));
        assertThat(next(expression, "2026-11-01T05:30:00Z")).isEqualTo(at("2026-11-02T06:30:00Z"));
    }

    @Test
    void aScheduleStartingInsideTheRepeatedHourDoesNotFireItAgain() {
        // 01:10 EST, the second pass: the 01:15 of this hour fired at 05:15Z already
        assertThat(next("CRON_TZ=America/New_York 15 * * * *", "2026-11-01T06:10:00Z"))
                .isEqualTo(at("2026-11-01T07:15:00Z"));
    }

    // --- text form

    @Test
    void toStringIsTheOriginalExpression() {
        assertThat(CronSchedule.parse("CRON_TZ=America/New_York  0 9 * * mon-fri").toString())
                .isEqualTo("CRON_TZ=America/New_York  0 9 * * mon-fri");
        assertThat(CronSchedule.parse("@every 1h30m").toString()).isEqualTo("@every 1h30m");
    }

    @Test
    void schedulesWithTheSameExpressionAreEqual() {
        assertThat(CronSchedule.parse("0 9 * * *")).isEqualTo(CronSchedule.parse("0 9 * * *"))
                .hasSameHashCodeAs(CronSchedule.parse("0 9 * * *"));
    }
}
