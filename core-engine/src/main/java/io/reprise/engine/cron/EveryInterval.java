package io.reprise.engine.cron;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Go-style duration of {@code @every}: {@code 1h30m}, {@code 90s}, {@code 1.5h}, {@code 250ms}. */
final class EveryInterval {

    static final String EXAMPLES = "such as 1h30m, 90s or 15m (units h, m, s, ms, us, ns)";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private static final BigDecimal LONGEST = BigDecimal.valueOf(Long.MAX_VALUE);

    private EveryInterval() {
    }

    /**
     * The duration {@code text} spells.
     *
     * @throws IllegalArgumentException if it is not a sequence of number-and-unit parts, or is not positive
     */
    static Duration parse(String text) {
        Matcher part = PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (end < text.length() && part.find(end) && part.start() == end) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(
                    NANOS_PER_UNIT.get(part.group(2)))));
            end = part.end();
        }
        if (text.isEmpty() || end != text.length()) {
            throw new IllegalArgumentException("@every duration \"" + text + "\" is not a duration " + EXAMPLES);
        }
        if (nanos.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("@every duration \"" + text + "\" is longer than the longest"
                    + " supported, " + Duration.ofNanos(Long.MAX_VALUE).toHours() + "h");
        }
        Duration interval = Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
        if (interval.isZero()) {
            throw new IllegalArgumentException("@every duration \"" + text + "\" must be longer than zero");
        }
        return interval;
    }
}
