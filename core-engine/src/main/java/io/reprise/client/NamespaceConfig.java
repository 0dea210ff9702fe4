package io.reprise.client;

import java.time.Duration;

/**
 * What {@link NamespaceClient#register} registers, or what {@link NamespaceClient#update} changes, of a
 * namespace.
 *
 * <pre>{@code
 * namespaces.register(NamespaceConfig.of("billing").withRetention(Duration.ofDays(30)));
 * }</pre>
 *
 * @param name the namespace's name: 1 to 255 letters, digits, {@code -}, {@code _} and {@code .}, starting with
 *     a letter or a digit
 * @param description free text; when registering, {@code null} means none; when updating, {@code null} keeps
 *     the current one
 * @param retention how long a closed run of the namespace and its history are kept after it closed, between
 *     1 day and 36,500 days; when registering, {@code null} means {@link #DEFAULT_RETENTION}; when updating,
 *     {@code null} keeps the current one
 */
public record NamespaceConfig(String name, String description, Duration retention) {

    /** The namespace every engine has, and clients use unless told otherwise. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** The retention of a namespace registered without one, and of {@value #DEFAULT_NAMESPACE}: 3 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(3);

    /** The namespace {@code name}, with no description and (when registered) the default retention. */
    public static NamespaceConfig of(String name) {
        return new NamespaceConfig(name, null, null);
    }

    public NamespaceConfig withDescription(String description) {
        return new NamespaceConfig(name, description, retention);
    }

    public NamespaceConfig withRetention(Duration retention) {
        return new NamespaceConfig(name, description, retention);
    }
}
