package io.reprise.engine.history;

import java.time.Duration;
import java.util.Objects;

/**
 * The engine options the history processors need.
 *
 * @param maxPayloadSize the largest single payload accepted, in bytes
 * @param stickyScheduleToStartTimeout how long a task waits on a sticky queue before it moves to the normal queue
 * @param engineIdentity the identity recorded in events the engine writes on its own
 */
public record HistorySettings(int maxPayloadSize, Duration stickyScheduleToStartTimeout, String engineIdentity) {

    public HistorySettings {
        Objects.requireNonNull(stickyScheduleToStartTimeout, "stickyScheduleToStartTimeout");
        Objects.requireNonNull(engineIdentity, "engineIdentity");
    }
}
