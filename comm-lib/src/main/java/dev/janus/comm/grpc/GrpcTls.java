package dev.janus.comm.grpc;

import dev.janus.comm.security.PemFiles;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code moe.grpc.tls.*}: TLS on the gRPC links between attention and MoE instances and to the
 * node aggregator. Off by default (plaintext: the local runs, where every port is on loopback);
 * on, every server presents {@code certificate-chain} + {@code private-key} and every client
 * checks the server against {@code trust-certificates} (or the JDK's trust store when unset).
 * Services bind it with Spring's {@code Binder} (comm-lib has no Spring), so absent values
 * arrive as null. Files are PEM ({@link PemFiles}); clients check the server's name against its
 * certificate, so the certificate names the host the targets use (SAN {@code DNS:expert-0...}).
 *
 * @param enabled           TLS on every gRPC server and channel of the process; default false
 * @param certificateChain  servers (expert-service, the node aggregator): the certificate chain
 *                          they present, leaf first; clients present it too when set
 * @param privateKey        the chain's private key, PKCS #8
 * @param trustCertificates clients: the CA certificates that sign the servers' certificates
 */
public record GrpcTls(Boolean enabled, Path certificateChain, Path privateKey, Path trustCertificates) {

    public static final String PREFIX = "moe.grpc.tls";

    public GrpcTls {
        enabled = enabled != null && enabled;
        if ((certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException(PREFIX + ".certificate-chain and " + PREFIX + ".private-key go together");
        }
        requireFile(certificateChain, "certificate-chain");
        requireFile(privateKey, "private-key");
        requireFile(trustCertificates, "trust-certificates");
    }

    /** TLS off: the local default. */
    public static GrpcTls plaintext() {
        return new GrpcTls(false, null, null, null);
    }

    /** Whether this process can serve gRPC over TLS (a certificate and its key are configured). */
    public boolean canServe() {
        return certificateChain != null;
    }

    /** A server's credentials: plaintext, or TLS with the configured certificate (an error naming the settings without one). */
    public ServerCredentials serverCredentials() {
        if (!enabled) {
            return InsecureServerCredentials.create();
        }
        if (!canServe()) {
            throw new IllegalStateException(PREFIX + ".enabled=true on a gRPC server needs " + PREFIX
                    + ".certificate-chain and " + PREFIX + ".private-key (PEM)");
        }
        return TlsServerCredentials.newBuilder().keyManager(keyManagers().getKeyManagers()).build();
    }

    /** A client's credentials: plaintext, or TLS trusting {@code trust-certificates}. */
    public ChannelCredentials channelCredentials() {
        if (!enabled) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder().trustManager(trustManagers().getTrustManagers());
        if (canServe()) {
            tls.keyManager(keyManagers().getKeyManagers());
        }
        return tls.build();
    }

    /** The configured certificate and key as a key manager (expert-service hands it to Spring gRPC). */
    public KeyManagerFactory keyManagers() {
        if (!canServe()) {
            throw new IllegalStateException(PREFIX + ".certificate-chain and " + PREFIX + ".private-key are not set");
        }
        return PemFiles.keyManagers(certificateChain, privateKey);
    }

    /** The trusted CAs as a trust manager; the JDK's default trust store when {@code trust-certificates} is unset. */
    public TrustManagerFactory trustManagers() {
        return PemFiles.trustManagers(trustCertificates);
    }

    /**
     * {@code failure}'s message, and when a TLS handshake failed somewhere in its causes, what
     * to check — a gRPC status says only "UNAVAILABLE: io exception" or "ssl exception".
     */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // NotSslRecordException (plaintext where TLS was expected) is no SSLException
            if (t instanceof SSLException || t.getClass().getSimpleName().contains("Ssl")) {
                return failure.getMessage() + " (TLS handshake failed: " + t.getMessage() + "; the server's "
                        + "certificate must be signed by a CA in " + PREFIX + ".trust-certificates and name the "
                        + "target's host, and both ends need " + PREFIX + ".enabled alike)";
            }
        }
        return failure.getMessage();
    }

    private static void requireFile(Path file, String name) {
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be an existing PEM file, got " + file);
        }
    }
}
