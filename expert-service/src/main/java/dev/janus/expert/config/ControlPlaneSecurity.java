package dev.janus.expert.config;

import dev.janus.comm.grpc.GrpcTls;
import dev.janus.comm.security.InternalToken;
import dev.janus.comm.security.InternalTokenFilter;
import dev.janus.comm.security.KeySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The control plane's two settings, bound once here: {@code moe.internal.token} in front of
 * /internal/** (comm-lib's {@link InternalTokenFilter}, first in the chain; placement-service
 * prepares and releases epochs with it) and {@code moe.grpc.tls.*} for the gRPC server.
 *
 * <p>Spring gRPC builds its server with credentials from an SSL bundle
 * ({@code spring.grpc.server.ssl.bundle}); application.yml names {@value #GRPC_BUNDLE} and turns
 * it on with {@code moe.grpc.tls.enabled}, and the bundle registered here carries the key
 * managers comm-lib's {@link GrpcTls} loads — the same PEM loading as the attention side.
 */
@Configuration(proxyBeanMethods = false)
public class ControlPlaneSecurity {

    /** The SSL bundle of the gRPC server (spring.grpc.server.ssl.bundle). */
    public static final String GRPC_BUNDLE = "moe-grpc";

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneSecurity.class);

    @Bean
    InternalToken internalToken(Environment environment) {
        InternalToken token = InternalToken.of(Binder.get(environment).bind(InternalToken.PROPERTY, String.class).orElse(null));
        if (!token.configured()) {
            log.warn(InternalToken.NOT_CONFIGURED);
        }
        return token;
    }

    @Bean
    FilterRegistrationBean<InternalTokenFilter> internalTokenFilter(InternalToken token) {
        FilterRegistrationBean<InternalTokenFilter> registration =
                new FilterRegistrationBean<>(new InternalTokenFilter(token, KeySet.none()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

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
