package io.reprise.transport.grpc.security;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a call of the engine's service through only with a known bearer token holding the role the call needs in
 * the namespace it concerns ({@link RpcAccess}).
 *
 * <ul>
 *   <li>no {@code authorization: Bearer <token>} header, or a token none of the configured ones is:
 *       {@code UNAUTHENTICATED};</li>
 *   <li>a known token without the role there: {@code PERMISSION_DENIED} naming the call, the role and the
 *       namespace.</li>
 * </ul>
 * Tokens are compared by their SHA-256 in constant time, against every configured token. The health service is not
 * behind it (a load balancer's probe needs no token); {@code GetServerInfo} needs a known token and no role.
 *
 * <pre>{@code
 * GrpcEngineServer.newBuilder(engine).interceptor(new BearerTokenInterceptor(List.of(token))).build();
 * }</pre>
 */
public final class BearerTokenInterceptor implements ServerInterceptor {

    /** The header that carries the token: {@code authorization: Bearer <token>}. */
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final String BEARER = "Bearer ";

    private static final Logger log = LoggerFactory.getLogger(BearerTokenInterceptor.class);

    private final List<AccessToken> tokens;

    /** @param tokens the tokens the server accepts; at least one */
    public BearerTokenInterceptor(List<AccessToken> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            throw new IllegalArgumentException("A bearer token check needs at least one token; without tokens, add"
                    + " no interceptor");
        }
        this.tokens = List.copyOf(tokens);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        Optional<RpcAccess.Rule> rule = RpcAccess.of(method);
        if (rule.isEmpty()) {
            // Fail closed: an RPC added to service.proto without a row in RpcAccess is refused to everyone.
            return refuse(call, Status.PERMISSION_DENIED.withDescription(method + " has no access rule on this"
                    + " server; it is refused to every token (a bug: RpcAccess lacks the RPC)"));
        }
        String header = headers.get(AUTHORIZATION);
        if (header == null) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("The Reprise engine needs an API key: send"
                    + " the header \"authorization: Bearer <token>\" (Spring Boot: reprise.engine.remote.api-key)"));
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("The authorization header must be \"Bearer"
                    + " <token>\""));
        }
        AccessToken token = find(header.substring(BEARER.length()).strip());
        if (token == null) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("The API key is not one this Reprise engine"
                    + " accepts; check the client's key (Spring Boot: reprise.engine.remote.api-key) against the"
                    + " server's tokens"));
        }
        Role needed = rule.get().role();
        if (needed == null) {
            return next.startCall(call, headers);
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;

            @Override
            public void onMessage(Q request) {
                String namespace = rule.get().namespace().apply(request);
                if (token.allows(needed, namespace)) {
                    super.onMessage(request);
                    return;
                }
                refused = true;
                log.debug("Refused {} to token \"{}\": needs {} in namespace \"{}\"", method, token.name(), needed,
                        namespace);
                call.close(Status.PERMISSION_DENIED.withDescription(method + " needs the " + needed + " role in"
                        + " namespace \"" + namespace + "\"; token \"" + token.name() + "\" holds "
                        + token.grantsIn(namespace) + " there. Use a token granted " + needed + " in \"" + namespace
                        + "\" (or in every namespace, " + RpcAccess.ALL_NAMESPACES + ")"), new Metadata());
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }

    /** The token whose SHA-256 {@code presented} has; every configured token is compared, whatever matches. */
    private AccessToken find(String presented) {
        byte[] digest = AccessToken.sha256(presented);
        AccessToken found = null;
        for (AccessToken token : tokens) {
            if (token.matches(digest) && found == null) {
                found = token;
            }
        }
        return found;
    }

    private static <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
