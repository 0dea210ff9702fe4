package io.reprise.engine.api;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What {@link EngineService#registerNamespace} registers, or what
 * {@link EngineService#updateNamespace} changes, of a namespace.
 *
 * <pre>{@code
 * engine.registerNamespace(NamespaceConfig.of("billing").withRetention(Duration.ofDays(30)));
 * }</pre>
 *
 * @param name the namespace's name: 1 to {@value #MAX_NAME_LENGTH} letters, digits, {@code -},
 *     {@code _} and {@code .}, starting with a letter or a digit
 * @param description free text; when registering, {@code null} means none; when updating,
 *     {@code null} keeps the current one
 * @param retention how long a closed run of the namespace and its history are kept after it
 *     closed, between {@link #MIN_RETENTION} and {@link #MAX_RETENTION}; when registering,
 *     {@code null} means {@link #DEFAULT_RETENTION}; when updating, {@code null} keeps the current one
 */
public record NamespaceConfig(String name, String description, Duration retention) {

    /** The namespace every engine has, and clients use unless told otherwise. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** The retention of a namespace registered without one, and of {@value #DEFAULT_NAMESPACE}: 3 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(3);
    /** The shortest retention accepted: 1 day (as in Temporal). */
    public static final Duration MIN_RETENTION = Duration.ofDays(1);
    /** The longest retention accepted: 36,500 days (about 100 years). */
    public static final Duration MAX_RETENTION = Duration.ofDays(36_500);
    public static final int MAX_NAME_LENGTH = 255;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Whether {@code name} is a valid namespace name (see {@link #name()}). */
    public static boolean isValidName(String name) {
        return name != null && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }

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
