package io.reprise.client;

import java.time.Duration;
import java.time.Instant;

/**
 * A registered namespace, as {@link NamespaceClient#describe} reports it.
 *
 * @param name the namespace's name
 * @param description free text, empty when none was given
 * @param retention how long closed runs and their histories are kept after they closed
 * @param createTime when the namespace was registered
 * @param updateTime when it was last changed (its create time until then)
 */
public record NamespaceDescription(String name, String description, Duration retention, Instant createTime,
        Instant updateTime) {
}
