package io.reprise.engine.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The skipping search gives the same answer as trying every minute, for schedules that fire often enough. */
class CronScheduleScanAgreementTest {

    private static final Map<String, Predicate<LocalDateTime>> SCHEDULES = new LinkedHashMap<>();

    static {
        SCHEDULES.put("*/15 9-17 * * MON-FRI", t -> t.getMinute() % 15 == 0 && t.getHour() >= 9 && t.getHour() <= 17
                && t.getDayOfWeek().getValue() <= 5);
        SCHEDULES.put("0 0 13 * FRI", t -> t.getMinute() == 0 && t.getHour() == 0
                && (t.getDayOfMonth() == 13 || t.getDayOfWeek() == DayOfWeek.FRIDAY));
        SCHEDULES.put("5,35 */6 1-7 * *", t -> (t.getMinute() == 5 || t.getMinute() == 35) && t.getHour() % 6 == 0
                && t.getDayOfMonth() <= 7);
        SCHEDULES.put("59 23 31 * *", t -> t.getMinute() == 59 && t.getHour() == 23 && t.getDayOfMonth() == 31);
        SCHEDULES.put("0 12 * FEB,MAR SAT,SUN", t -> t.getMinute() == 0 && t.getHour() == 12
                && (t.getMonthValue() == 2 || t.getMonthValue() == 3) && t.getDayOfWeek().getValue() >= 6);
        SCHEDULES.put("10-20/5 3 * * *", t -> t.getHour() == 3 && (t.getMinute() == 10 || t.getMinute() == 15
                || t.getMinute() == 20));
    }

    @Test
    void nextAfterAgreesWithAMinuteByMinuteScan() {
        Random random = new Random(20261122);
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        for (var schedule : SCHEDULES.entrySet()) {
            CronSchedule cron = CronSchedule.parse(schedule.getKey());
            for (int i = 0; i < 25; i++) {
                Instant time = from.plusSeconds(random.nextLong(3L * 365 * 24 * 3600));

                assertThat(cron.nextAfter(time)).as("%s after %s", schedule.getKey(), time)
                        .isEqualTo(scan(schedule.getValue(), time));
            }
        }
    }

    private static Instant scan(Predicate<LocalDateTime> fires, Instant after) {
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        while (!fires.test(t)) {
            t = t.plusMinutes(1);
        }
        return t.toInstant(ZoneOffset.UTC);
    }
}
