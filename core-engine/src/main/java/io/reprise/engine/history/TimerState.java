package io.reprise.engine.history;

import java.time.Instant;

/** A user timer started by the workflow and not fired yet. */
public record TimerState(String timerId, long startedEventId, Instant fireTime) {
}
