package dev.janus.attention.config;

import dev.janus.comm.grpc.GrpcTls;
import dev.janus.comm.security.InternalToken;
import dev.janus.comm.security.InternalTokenFilter;
import dev.janus.comm.security.KeySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The control plane's two settings, bound once here: {@code moe.internal.token} in front of
 * /internal/** (comm-lib's {@link InternalTokenFilter}, first in the chain; placement-service
 * reads statistics and commits epochs with it) and {@code moe.grpc.tls.*} for the links to the
 * MoE instances and the node aggregator.
 */
@Configuration(proxyBeanMethods = false)
public class ControlPlaneSecurity {

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
}
