package io.reprise.spring.boot.diagnostics;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;

/** Writes a duration the way it is written in application.yml: {@code 2s}, {@code 3m}, {@code 1500ms}. */
public final class DurationFormat {

    private static final List<ChronoUnit> UNITS = List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES,
            ChronoUnit.SECONDS, ChronoUnit.MILLIS);

    private DurationFormat() {
    }

    /** The value in the largest unit that holds it whole (days down to milliseconds, else nanoseconds). */
    public static String of(Duration duration) {
        for (ChronoUnit unit : UNITS) {
            if (duration.toNanos() % unit.getDuration().toNanos() == 0 && !duration.isZero()) {
                return DurationStyle.SIMPLE.print(duration, unit);
            }
        }
        return duration.isZero() ? "0s" : DurationStyle.SIMPLE.print(duration, ChronoUnit.NANOS);
    }
}
