package io.reprise.engine.cron;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The five parsed fields as bit sets, and the search for the next local date-time they allow. The search
 * skips whole months, days and hours that cannot match, so it takes a few hundred steps at most per year.
 */
record FieldSchedule(long minutes, long hours, long daysOfMonth, long months, long daysOfWeek,
        boolean dayOfMonthRestricted, boolean dayOfWeekRestricted) {

    /**
     * Parses the five fields.
     *
     * @throws IllegalArgumentException naming the field and token, or saying why the fields can never fire
     */
    static FieldSchedule parse(String[] fields) {
        FieldSchedule schedule = new FieldSchedule(
                CronField.MINUTE.parse(fields[0]),
                CronField.HOUR.parse(fields[1]),
                CronField.DAY_OF_MONTH.parse(fields[2]),
                CronField.MONTH.parse(fields[3]),
                CronField.DAY_OF_WEEK.parse(fields[4]),
                !CronField.isUnrestricted(fields[2]),
                !CronField.isUnrestricted(fields[4]));
        schedule.checkSomeDayExists(fields[2]);
        return schedule;
    }

    /**
     * Rejects days of month that none of the months has (30 February, 31 April), which would never fire.
     * When the day of week is restricted too, a day matches if either matches, so some day always does.
     */
    private void checkSomeDayExists(String dayOfMonthText) {
        if (!dayOfMonthRestricted || dayOfWeekRestricted) {
            return;
        }
        int firstDay = Long.numberOfTrailingZeros(daysOfMonth);
        List<String> monthNames = new ArrayList<>();
        for (Month month : Month.values()) {
            if (has(months, month.getValue())) {
                if (month.maxLength() >= firstDay) {
                    return;
                }
                monthNames.add(month.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            }
        }
        String monthList = monthNames.size() == 1 ? monthNames.getFirst()
                : String.join(", ", monthNames.subList(0, monthNames.size() - 1)) + " or " + monthNames.getLast();
        throw new IllegalArgumentException("day-of-month " + dayOfMonthText + " never occurs in " + monthList
                + ", so the schedule would never fire");
    }

    /**
     * The first local date-time at or after {@code from} (whole minutes) that the fields allow, or
     * {@code null} if there is none before the end of {@code lastYear}.
     */
    LocalDateTime nextMatch(LocalDateTime from, int lastYear) {
        LocalDateTime t = from.truncatedTo(ChronoUnit.MINUTES);
        while (t.getYear() <= lastYear) {
            if (!has(months, t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
                continue;
            }
            if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            if (!has(hours, t.getHour())) {
                int hour = nextAllowed(hours, t.getHour());
                if (hour < 0) {
                    t = t.toLocalDate().plusDays(1).atStartOfDay();
                    continue;
                }
                t = t.withHour(hour).withMinute(0);
            }
            if (!has(minutes, t.getMinute())) {
                int minute = nextAllowed(minutes, t.getMinute());
                if (minute < 0) {
                    t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                    continue;
                }
                t = t.withMinute(minute);
            }
            return t;
        }
        return null;
    }

    /** Vixie cron's rule: with both day fields restricted a day matches if either does, otherwise if both do. */
    private boolean dayMatches(LocalDate date) {
        boolean dayOfMonth = has(daysOfMonth, date.getDayOfMonth());
        boolean dayOfWeek = has(daysOfWeek, date.getDayOfWeek().getValue() % 7);
        return dayOfMonthRestricted && dayOfWeekRestricted ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
    }

    private static boolean has(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }

    /** The smallest allowed value above {@code value}, or -1. */
    private static int nextAllowed(long bits, int value) {
        long above = bits & (-1L << (value + 1));
        return above == 0 ? -1 : Long.numberOfTrailingZeros(above);
    }
}
