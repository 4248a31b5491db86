package dev.janus.scaler.auth;

import dev.janus.comm.security.InternalToken;
import dev.janus.comm.security.InternalTokenFilter;
import dev.janus.comm.security.KeySet;
import dev.janus.scaler.config.ScalerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's two realms, first in the chain so nothing runs unchecked: /admin/** behind an
 * admin key ({@link AdminKeyFilter}), /internal/** behind the internal token (comm-lib's
 * {@link InternalTokenFilter}, the one every service uses; an admin key there is a 403).
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

    @Bean
    InternalToken internalToken(Environment environment) {
        InternalToken token = InternalToken.of(Binder.get(environment).bind(InternalToken.PROPERTY, String.class).orElse(null));
        if (!token.configured()) {
            log.warn(InternalToken.NOT_CONFIGURED);
        }
        return token;
    }

    @Bean
    KeySet adminKeys(ScalerProperties props) {
        KeySet keys = KeySet.of(props.adminKeys());
        if (keys.isEmpty()) {
            log.warn("No admin key is configured (moe.scaler.admin-keys): every /admin request is refused (401).");
        }
        return keys;
    }

    @Bean
    FilterRegistrationBean<AdminKeyFilter> adminKeyFilter(KeySet adminKeys, InternalToken token, JsonMapper json) {
        FilterRegistrationBean<AdminKeyFilter> registration =
                new FilterRegistrationBean<>(new AdminKeyFilter(adminKeys, token, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<InternalTokenFilter> internalTokenFilter(InternalToken token, KeySet adminKeys) {
        FilterRegistrationBean<InternalTokenFilter> registration =
                new FilterRegistrationBean<>(new InternalTokenFilter(token, adminKeys));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }
}
