package io.reprise.transport.grpc.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates and keys from PEM files, as the JDK's key and trust managers. Certificates: one or more
 * {@code CERTIFICATE} blocks (a chain starts with the leaf). Keys: one unencrypted PKCS#8 {@code PRIVATE KEY}
 * block (RSA, EC or EdDSA); other forms are refused with the openssl command that converts them.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemFiles() {
    }

    /** The key managers of a certificate chain and its private key. */
    public static KeyManager[] keyManagers(Path certificateChain, Path privateKey) {
        List<X509Certificate> chain = certificates(certificateChain);
        PrivateKey key = privateKey(privateKey);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("reprise", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("The private key " + privateKey + " does not go with the certificate"
                    + " chain " + certificateChain + " (" + e.getMessage() + "); give the key of the chain's first"
                    + " certificate", e);
        }
    }

    /** The trust managers that trust the certificates (CAs) of a file. */
    public static TrustManager[] trustManagers(Path certificates) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate certificate : certificates(certificates)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Cannot trust the certificates of " + certificates + ": "
                    + e.getMessage(), e);
        }
    }

    /** The certificates of a PEM file, in file order; at least one. */
    public static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file)) {
                if (block.type().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("The certificate file " + file + " holds a certificate that cannot be"
                    + " read (" + e.getMessage() + "); give PEM certificates (-----BEGIN CERTIFICATE-----)", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("The certificate file " + file + " holds no PEM certificate"
                    + " (-----BEGIN CERTIFICATE-----); give a PEM file, e.g. openssl x509 -in cert.der -inform der"
                    + " -out cert.pem");
        }
        return certificates;
    }

    /** The private key of a PEM file: one unencrypted PKCS#8 block. */
    public static PrivateKey privateKey(Path file) {
        for (Block block : blocks(file)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, block.der());
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new IllegalArgumentException("The key file " + file
                        + " holds a " + block.type() + " (PKCS#1 or SEC1); convert it to PKCS#8: openssl pkcs8"
                        + " -topk8 -nocrypt -in " + file + " -out key.pem");
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("The key file " + file + " is"
                        + " encrypted; give it unencrypted, protected by the file's permissions: openssl pkcs8"
                        + " -topk8 -nocrypt -in " + file + " -out key.pem");
                default -> {
                    // certificates or parameters beside the key: skipped
                }
            }
        }
        throw new IllegalArgumentException("The key file " + file + " holds no PEM private key (-----BEGIN PRIVATE"
                + " KEY-----)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("The private key in " + file + " is of no algorithm this JDK reads (RSA,"
                + " EC, EdDSA)");
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + " (" + e + "); give the path of a readable"
                    + " PEM file", e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The PEM block " + m.group(1) + " of " + file + " is not valid"
                        + " base64", e);
            }
        }
        return blocks;
    }
}
