package io.reprise.transport.grpc.security;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import java.util.concurrent.Executor;

/**
 * Sends a bearer token ({@code authorization: Bearer <token>}) with every call, but never in plaintext to
 * another host: over a channel without TLS to a target that is not loopback, the call fails with
 * {@code UNAUTHENTICATED} saying so, and the token is not sent.
 *
 * <pre>{@code
 * GrpcEngineService.newBuilder().target("engine.internal:7444")
 *         .credentials(TlsCredentials.client(...))
 *         .callCredentials(new BearerTokenCredentials(System.getenv("REPRISE_API_KEY")))
 *         .build();
 * }</pre>
 */
public final class BearerTokenCredentials extends CallCredentials {

    private final String token;

    /** @param token the token, as the server's operator handed it out */
    public BearerTokenCredentials(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("The API key is blank; give the token the server's operator handed"
                    + " out, or no API key at all");
        }
        if (token.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("The API key holds a character that cannot go in a header (control"
                    + " characters, line breaks, non-ASCII); give it without them");
        }
        this.token = token.strip();
    }

    @Override
    public void applyRequestMetadata(RequestInfo request, Executor appExecutor, MetadataApplier applier) {
        String authority = request.getAuthority();
        if (request.getSecurityLevel() == SecurityLevel.NONE && !Loopback.isLoopbackTarget(authority)) {
            applier.fail(Status.UNAUTHENTICATED.withDescription("Refusing to send the API key in plaintext to "
                    + authority + ", which is not this host: configure TLS for the engine's channel (Spring Boot:"
                    + " reprise.engine.remote.tls.*), or reach the engine on a loopback address"));
            return;
        }
        Metadata headers = new Metadata();
        headers.put(BearerTokenInterceptor.AUTHORIZATION, BearerTokenInterceptor.BEARER + token);
        applier.apply(headers);
    }

    @Override
    public String toString() {
        return "BearerTokenCredentials[token hidden]";
    }
}
