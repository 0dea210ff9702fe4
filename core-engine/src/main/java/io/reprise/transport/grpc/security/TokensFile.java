package io.reprise.transport.grpc.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The bearer tokens of a server from a file in the {@code java.util.Properties} form, with the keys of Spring Boot's
 * {@code reprise.server.grpc.auth.tokens.*} without that prefix:
 *
 * <pre>
 * # &lt;name&gt;.token-sha256: the token's SHA-256 in hex (printf %s "$TOKEN" | sha256sum); or &lt;name&gt;.token: the token
 * # &lt;name&gt;.roles.&lt;read|write|worker|admin&gt;: the namespaces of that role, separated by commas; * is every namespace
 * web-tier.token-sha256 = 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * web-tier.roles.write = orders, billing
 * workers.token-sha256 = 60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752
 * workers.roles.worker = *
 * </pre>
 *
 * Each token needs exactly one of {@code token} and {@code token-sha256}, and at least one role. A file that breaks
 * a rule is refused whole, naming the key and the fix.
 */
public final class TokensFile {

    private static final String SHA256 = ".token-sha256";
    private static final String TOKEN = ".token";
    private static final String ROLES = ".roles.";

    private TokensFile() {
    }

    /**
     * The tokens of {@code file}, in the order of their names.
     *
     * @throws IllegalArgumentException naming the file, the key and the fix, when the file cannot be read or breaks a
     *     rule above
     */
    public static List<AccessToken> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot read the tokens file " + file + " (" + e.getMessage()
                    + "); give a readable file of lines such as: web-tier.token-sha256 = <64 hex digits>", e);
        }
        Map<String, Entry> entries = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).strip();
            int roles = key.lastIndexOf(ROLES);
            if (roles > 0) {
                String roleName = key.substring(roles + ROLES.length());
                Role role = role(file, key, roleName);
                List<String> namespaces = Arrays.stream(value.split(",")).map(String::strip).toList();
                if (value.isEmpty() || namespaces.stream().anyMatch(String::isEmpty)) {
                    throw new IllegalArgumentException("The tokens file " + file + " gives " + key + " a blank"
                            + " namespace; list namespaces separated by commas, or " + RpcAccess.ALL_NAMESPACES
                            + " for every namespace");
                }
                entries.computeIfAbsent(key.substring(0, roles), Entry::new).roles.put(role, namespaces);
            } else if (key.endsWith(SHA256) && key.length() > SHA256.length()) {
                entries.computeIfAbsent(key.substring(0, key.length() - SHA256.length()), Entry::new).sha256 = value;
            } else if (key.endsWith(TOKEN) && key.length() > TOKEN.length()) {
                entries.computeIfAbsent(key.substring(0, key.length() - TOKEN.length()), Entry::new).token = value;
            } else {
                throw new IllegalArgumentException("The tokens file " + file + " has the key \"" + key + "\", which"
                        + " is none of <name>.token-sha256, <name>.token and <name>.roles.<read|write|worker|admin>;"
                        + " e.g. web-tier.token-sha256 = <64 hex digits> and web-tier.roles.write = orders");
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("The tokens file " + file + " holds no token; add lines such as"
                    + " web-tier.token-sha256 = <64 hex digits> and web-tier.roles.write = orders, or leave the"
                    + " tokens out to accept every call");
        }
        List<AccessToken> tokens = new ArrayList<>();
        for (Entry entry : entries.values()) {
            tokens.add(entry.toAccessToken(file));
        }
        return tokens;
    }

    private static Role role(Path file, String key, String name) {
        try {
            return Role.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The tokens file " + file + " has the key \"" + key + "\", but \""
                    + name + "\" is no role; the roles are read, write, worker and admin", e);
        }
    }

    /** What the file says of one token name. */
    private static final class Entry {
        final String name;
        String token;
        String sha256;
        final Map<Role, List<String>> roles = new TreeMap<>();

        Entry(String name) {
            this.name = name;
        }

        AccessToken toAccessToken(Path file) {
            if ((token == null) == (sha256 == null)) {
                throw new IllegalArgumentException("Token \"" + name + "\" of the tokens file " + file + " has "
                        + (token == null ? "neither " : "both ") + name + TOKEN + (token == null ? " nor " : " and ")
                        + name + SHA256 + "; give"
                        + " exactly one, preferably " + name + SHA256 + " (printf %s \"$TOKEN\" | sha256sum) so that"
                        + " the file holds no secret");
            }
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("Token \"" + name + "\" of the tokens file " + file + " has no"
                        + " role; add e.g. " + name + ROLES + "write = orders (roles: read, write, worker, admin)");
            }
            AccessToken access;
            try {
                access = token != null ? AccessToken.ofToken(name, token) : AccessToken.ofSha256(name, sha256);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The tokens file " + file + ": " + e.getMessage(), e);
            }
            for (Map.Entry<Role, List<String>> grant : roles.entrySet()) {
                access = access.grant(grant.getKey(), grant.getValue().toArray(String[]::new));
            }
            return access;
        }
    }
}
