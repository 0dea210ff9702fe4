package io.reprise.engine.cron;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A cron schedule: when a cron workflow's runs are due.
 *
 * <h2>Format</h2>
 * Five fields separated by spaces, {@code minute hour day-of-month month day-of-week}:
 * <pre>
 * minute        0-59
 * hour          0-23
 * day-of-month  1-31
 * month         1-12 or JAN-DEC
 * day-of-week   0-7 or SUN-SAT (0 and 7 are Sunday)
 * </pre>
 * Each field is {@code *}, a value, a range {@code a-b}, a step {@code *}/n, {@code a-b/n} or {@code a/n}
 * (from a to the maximum), or a comma-separated list of those; names are case-insensitive, and {@code ?}
 * means {@code *} in the two day fields. As in Vixie cron, when both day fields are restricted (neither is
 * exactly {@code *} or {@code ?}) a day is due if <em>either</em> matches: {@code 0 0 1 * MON} fires on the
 * 1st and on every Monday. Unlike Vixie cron, {@code *}/2 counts as a restriction.
 *
 * <p>Macros: {@code @yearly} (or {@code @annually}) is {@code 0 0 1 1 *}, {@code @monthly} {@code 0 0 1 * *},
 * {@code @weekly} {@code 0 0 * * 0}, {@code @daily} (or {@code @midnight}) {@code 0 0 * * *} and
 * {@code @hourly} {@code 0 * * * *}. {@code @every <duration>} takes a Go-style duration ({@code 1h30m},
 * {@code 90s}, {@code 15m}) and fires at every multiple of it since the Unix epoch, so {@code @every 15m}
 * fires at :00, :15, :30 and :45 whenever it was created.
 *
 * <h2>Time zone and daylight saving time</h2>
 * Fields are read in UTC unless the expression starts with {@code CRON_TZ=<zone> }, e.g.
 * {@code CRON_TZ=America/New_York 0 9 * * MON-FRI}; the zone has no effect on {@code @every}. When clocks
 * go forward, local times that do not exist that day are skipped: {@code 30 2 * * *} does not fire on that
 * day. When clocks go back, a local time that occurs twice fires only the first time.
 *
 * <h2>Schedules that can never fire</h2>
 * A day of month that none of the allowed months has ({@code 0 0 30 2 *}, {@code 0 0 31 4,6 *}) is rejected
 * by {@link #parse}. Every other expression fires at least once every eight years ({@code 0 0 29 2 *} fires
 * only on 29 February).
 */
public final class CronSchedule {

    /** How far ahead {@link #nextAfter} looks; every schedule {@link #parse} accepts fires well within it. */
    private static final int SEARCH_YEARS = 100;

    private static final String FIELDS_FORMAT = "\"minute hour day-of-month month day-of-week\"";

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private final String expression;
    private final ZoneId zone;
    /** The fields, or {@code null} for {@code @every}. */
    private final FieldSchedule fields;
    /** The {@code @every} interval, or {@code null} for fields. */
    private final Duration interval;

    private CronSchedule(String expression, ZoneId zone, FieldSchedule fields, Duration interval) {
        this.expression = expression;
        this.zone = zone;
        this.fields = fields;
        this.interval = interval;
    }

    /**
     * Parses a cron expression (see the class description).
     *
     * @throws IllegalArgumentException naming the expression, the field, the bad token and what is allowed,
     *         e.g. {@code Invalid cron expression "0 25 * * *": hour field: 25 is out of range 0-23}
     */
    public static CronSchedule parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        try {
            return parseChecked(expression);
        } catch (IllegalArgumentException problem) {
            throw new IllegalArgumentException(
                    "Invalid cron expression \"" + expression + "\": " + problem.getMessage(), problem);
        }
    }

    private static CronSchedule parseChecked(String expression) {
        String rest = expression.strip();
        ZoneId zone = ZoneOffset.UTC;
        if (rest.regionMatches(true, 0, "CRON_TZ=", 0, 8)) {
            String[] zoneAndRest = rest.substring(8).split("\\s+", 2);
            zone = zone(zoneAndRest[0]);
            rest = zoneAndRest.length == 2 ? zoneAndRest[1] : "";
        }
        String[] tokens = rest.isEmpty() ? new String[0] : rest.split("\\s+");
        if (tokens.length > 0 && tokens[0].startsWith("@")) {
            return parseMacro(expression, zone, tokens);
        }
        if (tokens.length != 5) {
            throw new IllegalArgumentException("expected five fields " + FIELDS_FORMAT
                    + " or a macro such as @daily or @every 1h, but found " + tokens.length);
        }
        return new CronSchedule(expression, zone, FieldSchedule.parse(tokens), null);
    }

    private static CronSchedule parseMacro(String expression, ZoneId zone, String[] tokens) {
        String macro = tokens[0].toLowerCase(Locale.ROOT);
        if (macro.equals("@every")) {
            if (tokens.length != 2) {
                throw new IllegalArgumentException("@every takes one duration " + EveryInterval.EXAMPLES
                        + ", but found " + (tokens.length - 1) + " words after it");
            }
            return new CronSchedule(expression, zone, null, EveryInterval.parse(tokens[1]));
        }
        String fields = MACROS.get(macro);
        if (fields == null) {
            throw new IllegalArgumentException("unknown macro " + tokens[0] + "; expected @yearly, @annually,"
                    + " @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>");
        }
        if (tokens.length != 1) {
            throw new IllegalArgumentException(tokens[0] + " takes no fields, but found \"" + tokens[1] + "\"");
        }
        return new CronSchedule(expression, zone, FieldSchedule.parse(fields.split(" ")), null);
    }

    private static ZoneId zone(String id) {
        if (id.isEmpty()) {
            throw new IllegalArgumentException("CRON_TZ= needs a time zone such as America/New_York or UTC");
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException unknown) {
            throw new IllegalArgumentException("CRON_TZ: unknown time zone \"" + id
                    + "\"; expected a region such as America/New_York, UTC or an offset such as +02:00");
        }
    }

    /**
     * The first fire time strictly after {@code time}, in whole minutes for field schedules; {@code null}
     * only if there is none within a hundred years, which no expression {@link #parse} accepts can cause.
     */
    public Instant nextAfter(Instant time) {
        Objects.requireNonNull(time, "time");
        return interval != null ? nextMultipleOfInterval(time) : nextFieldMatch(time);
    }

    private Instant nextMultipleOfInterval(Instant time) {
        Duration sinceEpoch = Duration.between(Instant.EPOCH, time);
        long periods = sinceEpoch.dividedBy(interval);
        if (interval.multipliedBy(periods).compareTo(sinceEpoch) > 0) {
            periods--; // dividedBy truncates towards zero; before the epoch we need the floor
        }
        return Instant.EPOCH.plus(interval.multipliedBy(periods + 1));
    }

    private Instant nextFieldMatch(Instant time) {
        LocalDateTime candidate = LocalDateTime.ofInstant(time, zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        int lastYear = candidate.getYear() + SEARCH_YEARS;
        while (true) {
            LocalDateTime match = fields.nextMatch(candidate, lastYear);
            if (match == null) {
                return null;
            }
            // Empty in a gap (clocks going forward): the local time does not exist, skip it. In an overlap the
            // first offset is the one before the transition, i.e. the first occurrence; if that has passed,
            // the time has fired already and is skipped rather than fired again.
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(match);
            if (!offsets.isEmpty()) {
                Instant fire = match.toInstant(offsets.getFirst());
                if (fire.isAfter(time)) {
                    return fire;
                }
            }
            candidate = match.plusMinutes(1);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule schedule && expression.equals(schedule.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    /** The expression as it was given to {@link #parse}. */
    @Override
    public String toString() {
        return expression;
    }
}
