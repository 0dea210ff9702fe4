package io.reprise.transport.grpc.security;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.TlsServerCredentials.ClientAuth;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * TLS and mutual TLS for the server ({@link io.reprise.transport.grpc.GrpcEngineServer.Builder#credentials}) and
 * the client ({@link io.reprise.transport.grpc.GrpcEngineService.Builder#credentials}), from PEM files or from
 * key and trust managers (a Spring SSL bundle's, for example).
 *
 * <pre>{@code
 * // server: its certificate; mTLS: the CA of the clients' certificates, which every client must present
 * ServerCredentials server = TlsCredentials.serverFromPem(Path.of("server.pem"), Path.of("server.key"),
 *         Path.of("clients-ca.pem"), ClientAuth.REQUIRE);
 * // client: the CA of the server's certificate (null: the JDK's trusted CAs); mTLS: its own certificate
 * ChannelCredentials client = TlsCredentials.clientFromPem(Path.of("ca.pem"), Path.of("worker.pem"),
 *         Path.of("worker.key"));
 * }</pre>
 */
public final class TlsCredentials {

    private TlsCredentials() {
    }

    /**
     * The server's TLS from PEM files.
     *
     * @param trustCertificates the CAs whose client certificates are accepted; required unless {@code clientAuth}
     *     is {@link ClientAuth#NONE}
     */
    public static ServerCredentials serverFromPem(Path certificateChain, Path privateKey, Path trustCertificates,
            ClientAuth clientAuth) {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        return server(PemFiles.keyManagers(certificateChain, privateKey),
                trustCertificates == null ? null : PemFiles.trustManagers(trustCertificates), clientAuth);
    }

    /**
     * The server's TLS from key and trust managers.
     *
     * @param trustManagers the trust of client certificates; {@code null} only when {@code clientAuth} is NONE
     * @param clientAuth whether clients must present a certificate their trust accepts (mTLS): NONE, OPTIONAL
     *     (checked when presented) or REQUIRE
     */
    public static ServerCredentials server(KeyManager[] keyManagers, TrustManager[] trustManagers,
            ClientAuth clientAuth) {
        Objects.requireNonNull(keyManagers, "keyManagers: the server's certificate and key");
        Objects.requireNonNull(clientAuth, "clientAuth");
        TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder().keyManager(keyManagers)
                .clientAuth(clientAuth);
        if (trustManagers != null) {
            tls.trustManager(trustManagers);
        } else if (clientAuth != ClientAuth.NONE) {
            throw new IllegalArgumentException("Client authentication " + clientAuth + " needs the certificates of"
                    + " the CAs that issue the clients' certificates (the trust certificates); give them, or set"
                    + " client authentication to NONE");
        }
        return tls.build();
    }

    /**
     * The client's TLS from PEM files.
     *
     * @param trustCertificates the CAs of the server's certificate; {@code null}: the JDK's trusted CAs
     * @param certificateChain the client's certificate for mTLS, with {@code privateKey}; {@code null}: none
     */
    public static ChannelCredentials clientFromPem(Path trustCertificates, Path certificateChain, Path privateKey) {
        if ((certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("A client certificate needs both its certificate chain and its private"
                    + " key; give both, or neither");
        }
        return client(certificateChain == null ? null : PemFiles.keyManagers(certificateChain, privateKey),
                trustCertificates == null ? null : PemFiles.trustManagers(trustCertificates));
    }

    /**
     * The client's TLS from key and trust managers.
     *
     * @param keyManagers the client's certificate for mTLS; {@code null}: none
     * @param trustManagers the trust of the server's certificate; {@code null}: the JDK's trusted CAs
     */
    public static ChannelCredentials client(KeyManager[] keyManagers, TrustManager[] trustManagers) {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        if (keyManagers != null) {
            tls.keyManager(keyManagers);
        }
        if (trustManagers != null) {
            tls.trustManager(trustManagers);
        }
        return tls.build();
    }
}
