package io.reprise.spring.boot.autoconfigure;

import io.reprise.engine.api.EngineService;
import io.reprise.spring.boot.grpc.GrpcTls;
import io.reprise.transport.grpc.GrpcEngineService;
import io.reprise.transport.grpc.security.BearerTokenCredentials;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * The engine of another process, reached over gRPC ({@code reprise.engine.mode: remote}) at
 * {@code reprise.engine.remote.target}: no store and no engine are created here; the {@code WorkflowClient}, the
 * workers, the health indicator and the endpoint use this {@link EngineService} instead. It connects lazily, so the
 * application starts while the engine is down (health DOWN; workers back off and recover).
 */
@AutoConfiguration(before = RepriseClientAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnProperty(prefix = "reprise.engine", name = "mode", havingValue = "remote")
@EnableConfigurationProperties(RepriseProperties.class)
public class RepriseRemoteEngineAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(EngineService.class)
    GrpcEngineService repriseRemoteEngine(RepriseProperties properties, ObjectProvider<SslBundles> sslBundles) {
        RepriseProperties.Remote remote = properties.getEngine().getRemote();
        GrpcEngineService.Builder engine = GrpcEngineService.newBuilder().target(remote.getTarget())
                .rpcTimeout(remote.getRpcTimeout())
                .credentials(GrpcTls.client(remote.getTls(), sslBundles::getIfAvailable));
        if (remote.getApiKey() != null) {
            engine.callCredentials(new BearerTokenCredentials(remote.getApiKey()));
        }
        return engine.build();
    }
}
