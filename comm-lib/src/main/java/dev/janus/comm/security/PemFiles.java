package dev.janus.comm.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * PEM files (RFC 7468) as the JDK's key and trust managers, the one loader behind every TLS
 * endpoint of the project (gRPC clients, the node aggregator, expert-service's Spring gRPC
 * server): X.509 certificates ({@code -----BEGIN CERTIFICATE-----}, several in one file for a
 * chain or a CA bundle) and an unencrypted PKCS #8 private key ({@code -----BEGIN PRIVATE KEY-----},
 * RSA, EC or Ed25519 — what Kubernetes TLS secrets and cert-manager with {@code encoding: PKCS8}
 * hold; convert others with {@code openssl pkcs8 -topk8 -nocrypt}).
 */
public final class PemFiles {

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    /** The in-memory key store's password: it never leaves this process, it only satisfies the API. */
    private static final char[] NO_PASSWORD = new char[0];

    private PemFiles() {
    }

    /** Every certificate in {@code file}, in order (a chain: the leaf first). */
    public static List<X509Certificate> certificates(Path file) {
        try {
            var certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            return certificates.stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The PKCS #8 private key in {@code file}. */
    public static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Matcher m = PRIVATE_KEY.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException(file + " holds no unencrypted PKCS #8 private key (-----BEGIN PRIVATE "
                    + "KEY-----); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file.getFileName());
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next one: PKCS #8 names the algorithm inside, the JDK wants it up front
            }
        }
        throw new IllegalArgumentException(file + ": the private key is not RSA, EC or EdDSA");
    }

    /** A key manager presenting {@code chain}'s certificates with {@code key}. */
    public static KeyManagerFactory keyManagers(Path chain, Path key) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", privateKey(key), NO_PASSWORD, certificates(chain).toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use " + chain + " with " + key + ": " + e.getMessage(), e);
        }
    }

    /** A trust manager for exactly the certificates in {@code file}; null: the JDK's default trust store. */
    public static TrustManagerFactory trustManagers(Path file) {
        try {
            KeyStore store = null;
            if (file != null) {
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int i = 0;
                for (X509Certificate certificate : certificates(file)) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot trust " + file + ": " + e.getMessage(), e);
        }
    }
}
