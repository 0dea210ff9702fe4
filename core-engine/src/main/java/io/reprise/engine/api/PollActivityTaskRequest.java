package io.reprise.engine.api;

import java.time.Duration;

/**
 * A long poll for an Activity Task.
 *
 * @param maxTasksPerSecond the Task Queue's dispatch rate across all its workers, or {@code null} for
 *     unlimited. The engine keeps the latest value a poller sent and hands out tasks of the queue no
 *     faster than that (fractions allowed: 0.1 is one task every ten seconds). Real time, not engine time.
 */
public record PollActivityTaskRequest(String namespace, String taskQueue, String identity, Duration pollWait,
        Double maxTasksPerSecond) {
}
