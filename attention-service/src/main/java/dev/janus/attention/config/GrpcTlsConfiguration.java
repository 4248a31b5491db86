package dev.janus.attention.config;

import dev.janus.comm.grpc.GrpcTls;
import dev.janus.service.auth.ControlPlaneSecurity;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The control plane's two settings: {@code moe.internal.token} in front of /internal/**
 * (service-support's {@link ControlPlaneSecurity}, imported: comm-lib's InternalTokenFilter, first
 * in the chain; placement-service reads statistics and commits epochs with it) and, bound here,
 * {@code moe.grpc.tls.*} for the links to the MoE instances and the node aggregator.
 */
@Configuration(proxyBeanMethods = false)
@Import(ControlPlaneSecurity.class)
public class GrpcTlsConfiguration {

    @Bean
    GrpcTls grpcTls(Environment environment) {
        return Binder.get(environment).bindOrCreate(GrpcTls.PREFIX, GrpcTls.class);
    }
}
