package io.reprise.engine.cron;

import java.util.List;
import java.util.Locale;

/**
 * One of the five fields of a cron expression, and how its text becomes the set of values it allows: a bit
 * set where bit {@code v} stands for value {@code v}. Day-of-week 7 is Sunday, stored as 0.
 */
enum CronField {
    MINUTE("minute", 0, 59, List.of()),
    HOUR("hour", 0, 23, List.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
    MONTH("month", 1, 12,
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    private final String label;
    private final int min;
    private final int max;
    /** Names for the values from {@code min} on, e.g. JAN for month 1. */
    private final List<String> names;

    CronField(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    String label() {
        return label;
    }

    /** Whether the field text leaves the field unrestricted: exactly {@code *}, or {@code ?} in a day field. */
    static boolean isUnrestricted(String text) {
        return text.equals("*") || text.equals("?");
    }

    /**
     * The values {@code text} allows: a comma-separated list of {@code *}, {@code ?} (day fields only),
     * {@code a}, {@code a-b}, each optionally with a step {@code /n}; {@code a/n} runs from a to the maximum.
     *
     * @throws IllegalArgumentException naming the field, the bad token and what is allowed
     */
    long parse(String text) {
        long bits = 0;
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw error("\"" + text + "\" has an empty list item");
            }
            bits |= parseItem(item);
        }
        return bits;
    }

    private long parseItem(String item) {
        String range = item;
        int step = 1;
        boolean stepped = false;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = parseStep(item.substring(slash + 1), item);
            stepped = true;
        }
        int low;
        int high;
        if (range.equals("*") || range.equals("?")) {
            if (range.equals("?") && this != DAY_OF_MONTH && this != DAY_OF_WEEK) {
                throw error("? is only allowed in the day-of-month and day-of-week fields");
            }
            low = min;
            high = this == DAY_OF_WEEK ? 6 : max;
        } else if (range.indexOf('-') >= 0) {
            String[] ends = range.split("-", -1);
            if (ends.length != 2) {
                throw error("\"" + item + "\" is not a value or a range a-b");
            }
            low = value(ends[0], item);
            high = value(ends[1], item);
            if (this == DAY_OF_WEEK && high == 0 && low > 0) {
                high = 7; // FRI-SUN: Sunday as 7 closes a range that ends the week
            }
            if (low > high) {
                throw error("range " + range + " is reversed; write its smaller end first");
            }
        } else {
            low = value(range, item);
            high = stepped ? max : low;
        }
        long bits = 0;
        for (int v = low; v <= high; v += step) {
            bits |= 1L << (this == DAY_OF_WEEK && v == 7 ? 0 : v);
        }
        return bits;
    }

    private int parseStep(String text, String item) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
            throw error("step \"" + text + "\" in \"" + item + "\" is not a whole number");
        }
        int step = text.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(text);
        if (step < 1) {
            throw error("step " + text + " in \"" + item + "\" must be at least 1");
        }
        return step;
    }

    private int value(String token, String item) {
        if (token.isEmpty()) {
            throw error("\"" + item + "\" is missing a value");
        }
        if (token.chars().allMatch(Character::isDigit)) {
            int value = token.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(token);
            if (value < min || value > max) {
                throw error(token + " is out of range " + min + "-" + max);
            }
            return value;
        }
        int index = names.indexOf(token.toUpperCase(Locale.ROOT));
        if (index < 0) {
            throw error(token + " is not " + allowed());
        }
        return min + index;
    }

    private String allowed() {
        String numbers = "a number " + min + "-" + max;
        return names.isEmpty() ? numbers : numbers + " or a name " + names.getFirst() + "-" + names.getLast();
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(label + " field: " + problem);
    }
}
