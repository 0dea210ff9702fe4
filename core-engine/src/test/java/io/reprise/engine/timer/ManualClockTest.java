package io.reprise.engine.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aStandingClockMovesOnlyWhenTold() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Thread.sleep(20);
        assertThat(clock.now()).isEqualTo(T0);
        assertThat(clock.isRunning()).isFalse();

        clock.advance(Duration.ofHours(1));
        clock.advanceTo(T0);

        assertThat(clock.now()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void aRunningClockIsItsStartPlusTheRealTimeElapsedPlusTheMoves() throws Exception {
        long realBefore = System.nanoTime();
        ManualClock clock = ManualClock.runningFrom(T0);
        Thread.sleep(20);

        clock.advance(Duration.ofHours(1));
        Instant now = clock.now();
        long realElapsed = System.nanoTime() - realBefore;

        assertThat(clock.isRunning()).isTrue();
        assertThat(now).isAfterOrEqualTo(T0.plus(Duration.ofHours(1)).plusMillis(20))
                .isBeforeOrEqualTo(T0.plus(Duration.ofHours(1)).plusNanos(realElapsed));
        Instant target = clock.now().plus(Duration.ofDays(2));
        clock.advanceTo(target);
        assertThat(clock.now()).isAfterOrEqualTo(target);
    }

    @Test
    void aClockCannotBeMovedBackwards() {
        ManualClock clock = ManualClock.runningFrom(T0);

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot move a clock backwards: PT-1S");
    }
}
