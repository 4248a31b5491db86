package dev.janus.comm.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's own
 * keytool (no BouncyCastle on the test classpath; Netty's SelfSignedCertificate needs it or JDK
 * internals), then written as PEM files the way Kubernetes TLS secrets hold them: the
 * certificate ({@code tls.crt}, also the trust anchor, {@code ca.crt}) and an unencrypted PKCS #8
 * key ({@code tls.key}). Valid for two days: a test never outlives it.
 *
 * @param certificate the server certificate (PEM), which is its own CA
 * @param privateKey  its key (PEM, PKCS #8)
 */
public record TestCertificates(Path certificate, Path privateKey) {

    private static final String PASSWORD = "test-only";

    /** Makes a fresh key pair and certificate under {@code dir}. */
    public static TestCertificates make(Path dir) {
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            PrivateKey key = (PrivateKey) keys.getKey("server", PASSWORD.toCharArray());
            Path certificate = dir.resolve("tls.crt");
            Path privateKey = dir.resolve("tls.key");
            Files.writeString(certificate, pem("CERTIFICATE", keys.getCertificate("server").getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded())); // getEncoded() of a private key is PKCS #8
            return new TestCertificates(certificate, privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code moe.grpc.tls.*} of a server presenting this certificate (and trusting it as a client). */
    public GrpcTls server() {
        return new GrpcTls(true, certificate, privateKey, certificate);
    }

    /** {@code moe.grpc.tls.*} of a client that trusts this certificate. */
    public GrpcTls client() {
        return new GrpcTls(true, null, null, certificate);
    }

    /** A TLS client without the trust store: the JDK's default CAs, which never signed this certificate. */
    public static GrpcTls clientWithoutTrust() {
        return new GrpcTls(true, null, null, null);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
