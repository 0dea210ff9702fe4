package io.reprise.spring.boot.autoconfigure;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.reprise.engine.api.EngineService;
import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import io.reprise.spring.boot.grpc.GrpcServerLifecycle;
import io.reprise.spring.boot.grpc.GrpcTls;
import io.reprise.transport.grpc.GrpcEngineServer;
import io.reprise.transport.grpc.GrpcEngineService;
import io.reprise.transport.grpc.security.AccessToken;
import io.reprise.transport.grpc.security.BearerTokenInterceptor;
import io.reprise.transport.grpc.security.Loopback;
import io.reprise.transport.grpc.security.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Serves the application's embedded engine over gRPC ({@code reprise.server.grpc.enabled: true}) on
 * {@code reprise.server.grpc.address}:{@code port}, with TLS from {@code reprise.server.grpc.tls.*} and, when
 * {@code reprise.server.grpc.auth.tokens} names any, bearer tokens with roles per namespace (docs/remote.md).
 * Plaintext on an address other hosts reach is refused unless {@code allow-plaintext} is set.
 */
@AutoConfiguration(after = RepriseEngineAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnProperty(prefix = "reprise.server.grpc", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(RepriseProperties.class)
public class RepriseGrpcServerAutoConfiguration {

    private static final String PREFIX = "reprise.server.grpc.";

    @Bean
    @ConditionalOnMissingBean
    GrpcServerLifecycle repriseGrpcServer(EngineService engine, RepriseProperties properties,
            ObjectProvider<SslBundles> sslBundles, ConfigurableEnvironment environment) {
        if (engine instanceof GrpcEngineService remote) {
            throw RepriseStartupException.misconfigured("reprise.server.grpc.enabled", "reprise.server.grpc.enabled"
                    + " is true, but reprise.engine.mode is remote (" + remote.target() + "): this application has"
                    + " no engine of its own to serve.", "Serve the engine from the application that embeds it, or"
                    + " set reprise.server.grpc.enabled to false here.", null);
        }
        RepriseProperties.Grpc grpc = properties.getServer().getGrpc();
        ServerCredentials credentials = GrpcTls.server(grpc.getTls(), sslBundles::getIfAvailable);
        if (credentials instanceof InsecureServerCredentials && !grpc.isAllowPlaintext()
                && !Loopback.isLoopbackAddress(grpc.getAddress())) {
            throw RepriseStartupException.misconfigured(PREFIX + "address", PREFIX + "address is "
                    + grpc.getAddress() + ", which other hosts can reach, and the gRPC server has no TLS: workflow"
                    + " data and tokens would cross the network in plaintext.", "Configure TLS (" + PREFIX
                    + "tls.bundle, or " + PREFIX + "tls.certificate-chain and " + PREFIX + "tls.private-key), bind"
                    + " to 127.0.0.1, or set " + PREFIX + "allow-plaintext to true if the network is trusted.", null);
        }
        GrpcEngineServer.Builder server = GrpcEngineServer.newBuilder(engine).address(grpc.getAddress())
                .port(grpc.getPort()).credentials(credentials).allowPlaintext(grpc.isAllowPlaintext());
        List<AccessToken> tokens = tokens(grpc.getAuth());
        if (!tokens.isEmpty()) {
            server.interceptor(new BearerTokenInterceptor(tokens));
        }
        return new GrpcServerLifecycle(server.build(), environment);
    }

    /** The tokens of reprise.server.grpc.auth.tokens (checked by {@link RepriseOptionsValidator}). */
    static List<AccessToken> tokens(RepriseProperties.Auth auth) {
        List<AccessToken> tokens = new ArrayList<>();
        auth.getTokens().forEach((name, token) -> {
            AccessToken access = token.getToken() != null ? AccessToken.ofToken(name, token.getToken())
                    : AccessToken.ofSha256(name, token.getTokenSha256());
            for (Map.Entry<Role, List<String>> grant : token.getRoles().entrySet()) {
                access = access.grant(grant.getKey(), grant.getValue().toArray(String[]::new));
            }
            tokens.add(access);
        });
        return tokens;
    }
}
