package io.reprise.spring.boot.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.reprise.spring.boot.autoconfigure.RepriseProperties;
import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import io.reprise.transport.grpc.security.PemFiles;
import io.reprise.transport.grpc.security.TlsCredentials;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The gRPC transport security that {@code reprise.server.grpc.tls.*} and {@code reprise.engine.remote.tls.*}
 * describe: a Spring SSL bundle (whose reloads take effect on new connections) or PEM files, or plaintext. Every
 * refusal names the property to change.
 */
public final class GrpcTls {

    private static final Logger log = LoggerFactory.getLogger(GrpcTls.class);
    private static final String SERVER = "reprise.server.grpc.tls.";
    private static final String CLIENT = "reprise.engine.remote.tls.";

    private GrpcTls() {
    }

    /** Whether {@code reprise.server.grpc.tls.*} asks for TLS. */
    public static boolean isConfigured(RepriseProperties.ServerTls tls) {
        return tls.getBundle() != null || tls.getCertificateChain() != null || tls.getPrivateKey() != null
                || tls.getTrustCertificates() != null;
    }

    /** Whether {@code reprise.engine.remote.tls.*} asks for TLS. */
    public static boolean isOn(RepriseProperties.ClientTls tls) {
        return tls.isEnabled() || tls.getBundle() != null || tls.getTrustCertificates() != null
                || tls.getCertificateChain() != null || tls.getPrivateKey() != null;
    }

    /** The server's credentials: TLS from the bundle or the PEM files, else plaintext. */
    public static ServerCredentials server(RepriseProperties.ServerTls tls, Supplier<SslBundles> bundles) {
        if (!isConfigured(tls)) {
            if (tls.getClientAuth() != RepriseProperties.ServerTls.ClientAuth.NONE) {
                throw RepriseStartupException.misconfigured(SERVER + "client-auth", SERVER + "client-auth is "
                        + tls.getClientAuth() + ", but the gRPC server has no TLS: client certificates need it.",
                        "Configure TLS with " + SERVER + "bundle (or " + SERVER + "certificate-chain and " + SERVER
                                + "private-key), or remove " + SERVER + "client-auth.", null);
            }
            return InsecureServerCredentials.create();
        }
        TlsServerCredentials.ClientAuth clientAuth = TlsServerCredentials.ClientAuth.valueOf(tls.getClientAuth()
                .name());
        boolean trustNeeded = clientAuth != TlsServerCredentials.ClientAuth.NONE;
        if (tls.getBundle() != null) {
            notBoth(SERVER, tls.getCertificateChain() != null || tls.getPrivateKey() != null
                    || tls.getTrustCertificates() != null);
            String name = tls.getBundle();
            SslBundles registry = bundles.get();
            SslBundle bundle = bundle(registry, name, SERVER + "bundle");
            ReloadingKeyManager keys = new ReloadingKeyManager(keyManagers(bundle, name, SERVER + "bundle", true));
            ReloadingTrustManager trust = trustNeeded
                    ? new ReloadingTrustManager(trustManagers(bundle, name, SERVER + "bundle", true)) : null;
            registry.addBundleUpdateHandler(name, updated -> reload(name, () -> {
                keys.update(keyManagers(updated, name, SERVER + "bundle", true));
                if (trust != null) {
                    trust.update(trustManagers(updated, name, SERVER + "bundle", true));
                }
            }));
            return TlsCredentials.server(new KeyManager[] {keys}, trust == null ? null : new TrustManager[] {trust},
                    clientAuth);
        }
        KeyManager[] keys = pemKeys(SERVER, tls.getCertificateChain(), tls.getPrivateKey(), true);
        if (trustNeeded && tls.getTrustCertificates() == null) {
            throw RepriseStartupException.misconfigured(SERVER + "trust-certificates", SERVER + "client-auth is "
                    + tls.getClientAuth() + ", but " + SERVER + "trust-certificates is not set: the server cannot"
                    + " check the clients' certificates.", "Set " + SERVER + "trust-certificates to a PEM file of"
                    + " the CAs that issue the clients' certificates, or set " + SERVER + "client-auth to none.",
                    null);
        }
        TrustManager[] trust = tls.getTrustCertificates() == null ? null
                : pem(SERVER + "trust-certificates", () -> PemFiles.trustManagers(Path.of(tls.getTrustCertificates())));
        return TlsCredentials.server(keys, trust, clientAuth);
    }

    /** The client's channel credentials: TLS from the bundle, the PEM files or the JDK's CAs, else plaintext. */
    public static ChannelCredentials client(RepriseProperties.ClientTls tls, Supplier<SslBundles> bundles) {
        if (!isOn(tls)) {
            return InsecureChannelCredentials.create();
        }
        if (tls.getBundle() != null) {
            notBoth(CLIENT, tls.getCertificateChain() != null || tls.getPrivateKey() != null
                    || tls.getTrustCertificates() != null);
            String name = tls.getBundle();
            SslBundles registry = bundles.get();
            SslBundle bundle = bundle(registry, name, CLIENT + "bundle");
            KeyManager[] bundleKeys = keyManagers(bundle, name, CLIENT + "bundle", false);
            TrustManager[] bundleTrust = trustManagers(bundle, name, CLIENT + "bundle", false);
            ReloadingKeyManager keys = bundleKeys == null ? null : new ReloadingKeyManager(bundleKeys);
            ReloadingTrustManager trust = bundleTrust == null ? null : new ReloadingTrustManager(bundleTrust);
            registry.addBundleUpdateHandler(name, updated -> reload(name, () -> {
                KeyManager[] newKeys = keyManagers(updated, name, CLIENT + "bundle", false);
                TrustManager[] newTrust = trustManagers(updated, name, CLIENT + "bundle", false);
                if (keys != null && newKeys != null) {
                    keys.update(newKeys);
                }
                if (trust != null && newTrust != null) {
                    trust.update(newTrust);
                }
            }));
            return TlsCredentials.client(keys == null ? null : new KeyManager[] {keys},
                    trust == null ? null : new TrustManager[] {trust});
        }
        KeyManager[] keys = pemKeys(CLIENT, tls.getCertificateChain(), tls.getPrivateKey(), false);
        TrustManager[] trust = tls.getTrustCertificates() == null ? null
                : pem(CLIENT + "trust-certificates", () -> PemFiles.trustManagers(Path.of(tls.getTrustCertificates())));
        return TlsCredentials.client(keys, trust);
    }

    private static void reload(String name, Runnable update) {
        try {
            update.run();
            log.info("SSL bundle '{}' reloaded: new gRPC connections use its certificates", name);
        } catch (RuntimeException e) {
            log.error("SSL bundle '{}' changed but cannot be used ({}); the gRPC connections keep the certificates"
                    + " they had", name, e.getMessage());
        }
    }

    private static void notBoth(String prefix, boolean pemToo) {
        if (pemToo) {
            throw RepriseStartupException.misconfigured(prefix + "bundle", prefix + "bundle and PEM files ("
                    + prefix + "certificate-chain, private-key, trust-certificates) are both set; only one can be"
                    + " used.", "Keep " + prefix + "bundle (put the PEM files in the bundle: spring.ssl.bundle.pem.*)"
                    + " or the PEM files, not both.", null);
        }
    }

    private static SslBundle bundle(SslBundles bundles, String name, String property) {
        try {
            if (bundles == null) {
                throw new NoSuchSslBundleException(name, "the application has no SSL bundles");
            }
            return bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw RepriseStartupException.misconfigured(property, property + " is '" + name + "', but there is no"
                    + " SSL bundle of that name" + (bundles == null ? "" : "; the bundles are "
                    + bundles.getBundleNames()) + ".", "Define the bundle under spring.ssl.bundle.pem." + name
                    + " (or spring.ssl.bundle.jks." + name + "), or name one that exists in " + property + ".", e);
        }
    }

    /** The bundle's key managers; {@code null} when it has no keystore and none is {@code required}. */
    private static KeyManager[] keyManagers(SslBundle bundle, String name, String property, boolean required) {
        if (bundle.getStores().getKeyStore() == null) {
            if (!required) {
                return null;
            }
            throw RepriseStartupException.misconfigured(property, "The SSL bundle '" + name + "' (" + property
                    + ") has no keystore: the gRPC server needs its certificate and private key.", "Give the bundle"
                    + " a keystore: spring.ssl.bundle.pem." + name + ".keystore.certificate and .private-key.", null);
        }
        return bundle.getManagers().getKeyManagers();
    }

    /** The bundle's trust managers; {@code null} when it has no truststore and none is {@code required}. */
    private static TrustManager[] trustManagers(SslBundle bundle, String name, String property, boolean required) {
        if (bundle.getStores().getTrustStore() == null) {
            if (!required) {
                return null;
            }
            throw RepriseStartupException.misconfigured(property, "The SSL bundle '" + name + "' (" + property
                    + ") has no truststore, but reprise.server.grpc.tls.client-auth asks for client certificates.",
                    "Give the bundle the CAs of the clients' certificates: spring.ssl.bundle.pem." + name
                            + ".truststore.certificate; or set reprise.server.grpc.tls.client-auth to none.", null);
        }
        return bundle.getManagers().getTrustManagers();
    }

    private static KeyManager[] pemKeys(String prefix, String chain, String key, boolean required) {
        if (chain == null && key == null && !required) {
            return null;
        }
        if (chain == null || key == null) {
            String missing = prefix + (chain == null ? "certificate-chain" : "private-key");
            throw RepriseStartupException.misconfigured(missing, missing + " is not set; "
                    + (required ? "the gRPC server's TLS needs both its certificate chain and its private key."
                            : "a client certificate needs both its certificate chain and its private key."),
                    "Set " + prefix + "certificate-chain and " + prefix + "private-key to PEM files"
                            + (required ? " (or use " + prefix + "bundle)." : ", or neither."), null);
        }
        return pem(prefix + "private-key", () -> PemFiles.keyManagers(Path.of(chain), Path.of(key)));
    }

    private static <T> T pem(String property, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw RepriseStartupException.misconfigured(property, "The PEM files of " + property.substring(0,
                    property.lastIndexOf('.')) + ".* cannot be used: " + e.getMessage(), "Fix the file as the"
                    + " message says, or point the property at the right file.", e);
        }
    }
}
