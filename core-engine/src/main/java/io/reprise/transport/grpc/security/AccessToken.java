package io.reprise.transport.grpc.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A bearer token the server accepts, kept as the SHA-256 of the token (never the token itself), and the roles it
 * grants per namespace ({@link RpcAccess#ALL_NAMESPACES} for every namespace).
 *
 * <pre>{@code
 * AccessToken web = AccessToken.ofSha256("web-tier", "9f86d081884c7d65...")
 *         .grant(Role.WRITE, "orders")
 *         .grant(Role.READ, RpcAccess.ALL_NAMESPACES);
 * }</pre>
 *
 * @param name a label for messages and logs (never the token)
 * @param roles the roles granted, by namespace
 */
public record AccessToken(String name, byte[] sha256, Map<String, Set<Role>> roles) {

    public AccessToken {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("An access token needs a name (a label for messages and logs)");
        }
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("The SHA-256 of token \"" + name + "\" must be 32 bytes");
        }
        sha256 = sha256.clone();
        Map<String, Set<Role>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(roles, "roles").forEach((namespace, granted) -> {
            if (namespace == null || namespace.isBlank()) {
                throw new IllegalArgumentException("Token \"" + name + "\" grants roles in a blank namespace; name"
                        + " the namespace, or " + RpcAccess.ALL_NAMESPACES + " for every namespace");
            }
            copy.put(namespace, Collections.unmodifiableSet(granted.isEmpty() ? EnumSet.noneOf(Role.class)
                    : EnumSet.copyOf(granted)));
        });
        roles = Collections.unmodifiableMap(copy);
    }

    /** A token given in clear ({@code token}); only its SHA-256 is kept. No roles yet. */
    public static AccessToken ofToken(String name, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("Token \"" + name + "\" is blank; give a long random secret, e.g."
                    + " the output of: openssl rand -base64 32");
        }
        return new AccessToken(name, sha256(token), Map.of());
    }

    /**
     * A token given as the hex SHA-256 of its UTF-8 bytes (64 hex digits; e.g.
     * {@code printf %s "$TOKEN" | sha256sum}). No roles yet.
     */
    public static AccessToken ofSha256(String name, String hexSha256) {
        String hex = hexSha256 == null ? "" : hexSha256.strip();
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("The SHA-256 of token \"" + name + "\" must be 64 hex digits, got "
                    + hex.length() + " characters; compute it with: printf %s \"$TOKEN\" | sha256sum");
        }
        return new AccessToken(name, HexFormat.of().parseHex(hex), Map.of());
    }

    /** This token with {@code role} granted in each of {@code namespaces} as well. */
    public AccessToken grant(Role role, String... namespaces) {
        Map<String, Set<Role>> more = new LinkedHashMap<>(roles);
        for (String namespace : namespaces) {
            Set<Role> granted = EnumSet.of(Objects.requireNonNull(role, "role"));
            granted.addAll(more.getOrDefault(namespace, Set.of()));
            more.put(namespace, granted);
        }
        return new AccessToken(name, sha256, more);
    }

    /** Whether it may make a call that needs {@code role} in {@code namespace} (grants for every namespace count). */
    public boolean allows(Role role, String namespace) {
        return grantsIn(namespace).stream().anyMatch(held -> held.includes(role));
    }

    /** The roles it holds in {@code namespace}, those granted for every namespace included. */
    public Set<Role> grantsIn(String namespace) {
        Set<Role> held = EnumSet.noneOf(Role.class);
        held.addAll(roles.getOrDefault(namespace, Set.of()));
        held.addAll(roles.getOrDefault(RpcAccess.ALL_NAMESPACES, Set.of()));
        return held;
    }

    /** Whether {@code digest} is this token's SHA-256, compared in constant time. */
    boolean matches(byte[] digest) {
        return MessageDigest.isEqual(sha256, digest);
    }

    /** The SHA-256 of a token's UTF-8 bytes. */
    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccessToken t && name.equals(t.name) && MessageDigest.isEqual(sha256, t.sha256)
                && roles.equals(t.roles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, roles);
    }

    @Override
    public String toString() {
        return "AccessToken[" + name + ", roles=" + roles + "]";
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }
}
