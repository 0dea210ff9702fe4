package io.reprise.transport.grpc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    @Test
    void aTokenGivenInClearIsKeptAsItsSha256() {
        AccessToken token = AccessToken.ofToken("web", "test");

        // printf %s test | sha256sum
        assertThat(HexFormat.of().formatHex(token.sha256()))
                .isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assertThat(token).isEqualTo(AccessToken.ofSha256("web",
                "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"));
        assertThat(token.toString()).doesNotContain("test").doesNotContain("9f86");
    }

    @Test
    void rolesHoldInTheirNamespaceAndGrantsForEveryNamespaceHoldEverywhere() {
        AccessToken token = AccessToken.ofToken("web", "secret").grant(Role.WRITE, "orders")
                .grant(Role.WORKER, RpcAccess.ALL_NAMESPACES);

        assertThat(token.allows(Role.WRITE, "orders")).isTrue();
        assertThat(token.allows(Role.READ, "orders")).isTrue();
        assertThat(token.allows(Role.WRITE, "billing")).isFalse();
        assertThat(token.allows(Role.WORKER, "billing")).isTrue();
        assertThat(token.allows(Role.READ, "billing")).isTrue();
        assertThat(token.allows(Role.ADMIN, "orders")).isFalse();
        assertThat(token.grantsIn("orders")).isEqualTo(Set.of(Role.WRITE, Role.WORKER));
        assertThat(token.allows(Role.WRITE, RpcAccess.ALL_NAMESPACES)).isFalse();
    }

    @Test
    void badTokensAndHashesAreRefusedNamingTheTokenAndTheFix() {
        assertThatThrownBy(() -> AccessToken.ofSha256("workers", "abc"))
                .hasMessage("The SHA-256 of token \"workers\" must be 64 hex digits, got 3 characters; compute it"
                        + " with: printf %s \"$TOKEN\" | sha256sum");
        assertThatThrownBy(() -> AccessToken.ofSha256("workers", "z".repeat(64)))
                .hasMessageContaining("must be 64 hex digits");
        assertThatThrownBy(() -> AccessToken.ofToken("workers", " "))
                .hasMessage("Token \"workers\" is blank; give a long random secret, e.g. the output of: openssl rand"
                        + " -base64 32");
        assertThatThrownBy(() -> AccessToken.ofToken("workers", "secret").grant(Role.READ, " "))
                .hasMessageContaining("grants roles in a blank namespace");
    }
}
