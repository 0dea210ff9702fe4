package io.reprise.transport.grpc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens file of {@code EngineServerMain --tokens}: Spring Boot's token properties without their prefix. */
class TokensFileTest {

    private static final String SHA256_OF_TEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path directory;

    @Test
    void aTokenIsGivenByItsHashOrInClearWithRolesPerNamespace() throws IOException {
        Path file = write("""
                # the web tier starts orders
                web-tier.token-sha256 = %s
                web-tier.roles.write = orders, billing
                web-tier.roles.read = *
                workers.token = s3cret
                workers.roles.WORKER = *
                """.formatted(SHA256_OF_TEST));

        List<AccessToken> tokens = TokensFile.read(file);

        assertThat(tokens).containsExactly(
                AccessToken.ofSha256("web-tier", SHA256_OF_TEST).grant(Role.READ, RpcAccess.ALL_NAMESPACES)
                        .grant(Role.WRITE, "orders", "billing"),
                AccessToken.ofToken("workers", "s3cret").grant(Role.WORKER, RpcAccess.ALL_NAMESPACES));
        assertThat(tokens.get(0).allows(Role.WRITE, "billing")).isTrue();
        assertThat(tokens.get(0).allows(Role.WRITE, "payroll")).isFalse();
        assertThat(tokens.get(1).matches(AccessToken.sha256("s3cret"))).isTrue();
    }

    @Test
    void aFileThatBreaksARuleIsRefusedNamingTheKeyAndTheFix() throws IOException {
        assertRefused("web.token = a\nweb.token-sha256 = " + SHA256_OF_TEST + "\nweb.roles.read = *\n",
                "Token \"web\" of the tokens file %s has both web.token and web.token-sha256; give exactly one,"
                        + " preferably web.token-sha256 (printf %%s \"$TOKEN\" | sha256sum) so that the file holds no"
                        + " secret");
        assertRefused("web.roles.read = *\n", "Token \"web\" of the tokens file %s has neither web.token nor"
                + " web.token-sha256; give exactly one, preferably web.token-sha256 (printf %%s \"$TOKEN\" |"
                + " sha256sum) so that the file holds no secret");
        assertRefused("web.token = a\n", "Token \"web\" of the tokens file %s has no role; add e.g."
                + " web.roles.write = orders (roles: read, write, worker, admin)");
        assertRefused("web.token = a\nweb.roles.owner = *\n", "The tokens file %s has the key \"web.roles.owner\","
                + " but \"owner\" is no role; the roles are read, write, worker and admin");
        assertRefused("web.token = a\nweb.roles.read = orders,,billing\n", "The tokens file %s gives"
                + " web.roles.read a blank namespace; list namespaces separated by commas, or * for every namespace");
        assertRefused("web.secret = a\n", "The tokens file %s has the key \"web.secret\", which is none of"
                + " <name>.token-sha256, <name>.token and <name>.roles.<read|write|worker|admin>; e.g."
                + " web-tier.token-sha256 = <64 hex digits> and web-tier.roles.write = orders");
        assertRefused("web.token-sha256 = abc\nweb.roles.read = *\n", "The tokens file %s: The SHA-256 of token"
                + " \"web\" must be 64 hex digits, got 3 characters; compute it with: printf %%s \"$TOKEN\" |"
                + " sha256sum");
        assertRefused("# nothing yet\n", "The tokens file %s holds no token; add lines such as web-tier.token-sha256"
                + " = <64 hex digits> and web-tier.roles.write = orders, or leave the tokens out to accept every call");
    }

    @Test
    void aMissingFileIsRefusedNamingIt() {
        Path missing = directory.resolve("missing.properties");

        assertThatThrownBy(() -> TokensFile.read(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot read the tokens file " + missing + " (")
                .hasMessageEndingWith("); give a readable file of lines such as: web-tier.token-sha256 = <64 hex"
                        + " digits>");
    }

    private void assertRefused(String content, String message) throws IOException {
        Path file = write(content);
        assertThatThrownBy(() -> TokensFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message.formatted(file));
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(directory, "tokens", ".properties");
        Files.writeString(file, content);
        return file;
    }
}
