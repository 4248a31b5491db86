package dev.janus.service.auth;

import dev.janus.comm.security.InternalToken;
import dev.janus.comm.security.InternalTokenFilter;
import dev.janus.comm.security.KeySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The internal realm of every service, bound once here: {@code moe.internal.token}
 * ({@link InternalToken}, a bean: the services sign their own control-plane calls with it) in
 * front of /internal/** (comm-lib's {@link InternalTokenFilter}, first in the chain). On an admin
 * service ({@link AdminKeySecurity}, which imports this) its admin keys are the other realm: one
 * presented on /internal is a 403, not a 401. Services {@code @Import} it.
 */
@Configuration(proxyBeanMethods = false)
public class ControlPlaneSecurity {

    /**
     * The filter's place: first in the chain (before Boot's observation and request-context
     * filters), right after {@link AdminKeySecurity#ORDER}; the two realms' paths are disjoint.
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 11;

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
    FilterRegistrationBean<InternalTokenFilter> internalTokenFilter(
            InternalToken token, @Qualifier(AdminKeySecurity.ADMIN_KEYS) ObjectProvider<KeySet> adminKeys) {
        FilterRegistrationBean<InternalTokenFilter> registration =
                new FilterRegistrationBean<>(new InternalTokenFilter(token, adminKeys.getIfAvailable(KeySet::none)));
        registration.setOrder(ORDER);
        return registration;
    }
}
