package dev.janus.placement.auth;

import dev.janus.placement.config.PlacementServiceProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Registers {@link AdminKeyFilter} first in the chain, so nothing under /admin runs without a key. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    FilterRegistrationBean<AdminKeyFilter> adminKeyFilter(PlacementServiceProperties props, JsonMapper json) {
        FilterRegistrationBean<AdminKeyFilter> registration = new FilterRegistrationBean<>(new AdminKeyFilter(props, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
