package dev.janus.expert.config;

import dev.janus.comm.grpc.GrpcTls;
import dev.janus.service.auth.ControlPlaneSecurity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The control plane's two settings: {@code moe.internal.token} in front of /internal/**
 * (service-support's {@link ControlPlaneSecurity}, imported: comm-lib's InternalTokenFilter, first
 * in the chain; placement-service prepares and releases epochs with it) and, bound here,
 * {@code moe.grpc.tls.*} for the gRPC server.
 *
 * <p>Spring gRPC builds its server with credentials from an SSL bundle
 * ({@code spring.grpc.server.ssl.bundle}); application.yml names {@value #GRPC_BUNDLE} and turns
 * it on with {@code moe.grpc.tls.enabled}, and the bundle registered here carries the key
 * managers comm-lib's {@link GrpcTls} loads — the same PEM loading as the attention side.
 */
@Configuration(proxyBeanMethods = false)
@Import(ControlPlaneSecurity.class)
public class GrpcTlsConfiguration {

    /** The SSL bundle of the gRPC server (spring.grpc.server.ssl.bundle). */
    public static final String GRPC_BUNDLE = "moe-grpc";

    private static final Logger log = LoggerFactory.getLogger(GrpcTlsConfiguration.class);

    @Bean
    GrpcTls grpcTls(Environment environment) {
        return Binder.get(environment).bindOrCreate(GrpcTls.PREFIX, GrpcTls.class);
    }

    /** {@value #GRPC_BUNDLE}, registered only with TLS on (a bundle without a certificate could not be built). */
    @Bean
    SslBundleRegistrar grpcTlsBundle(GrpcTls tls) {
        return registry -> {
            if (tls.enabled()) {
                registry.registerBundle(GRPC_BUNDLE, SslBundle.of(null, null, null, null,
                        SslManagerBundle.of(tls.keyManagers(), tls.trustManagers())));
                log.info("gRPC server over TLS with {}", tls.certificateChain());
            }
        };
    }
}
