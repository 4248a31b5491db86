package dev.janus.service.auth;

import dev.janus.comm.security.InternalToken;
import dev.janus.comm.security.KeySet;
import dev.janus.service.AdminService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * An admin service's two realms, first in the chain so nothing runs unchecked: /admin/** behind
 * an admin key ({@link AdminKeyFilter}), /internal/** behind the internal token
 * ({@link ControlPlaneSecurity}, imported; an admin key there is a 403). The service declares an
 * {@link AdminService} bean (its name and its admin keys, bound by its own properties class) and
 * {@code @Import}s this.
 */
@Configuration(proxyBeanMethods = false)
@Import(ControlPlaneSecurity.class)
public class AdminKeySecurity {

    /** The name of the {@link KeySet} bean of the admin keys (the internal realm's "other realm"). */
    public static final String ADMIN_KEYS = "adminKeys";

    /** The admin-key filter's place: the first of the service's own filters. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private static final Logger log = LoggerFactory.getLogger(AdminKeySecurity.class);

    @Bean(ADMIN_KEYS)
    KeySet adminKeys(AdminService service) {
        KeySet keys = KeySet.of(service.adminKeys());
        if (keys.isEmpty()) {
            log.warn("No admin key is configured ({}): every /admin request is refused (401).", service.adminKeysProperty());
        }
        return keys;
    }

    @Bean
    FilterRegistrationBean<AdminKeyFilter> adminKeyFilter(AdminService service, @Qualifier(ADMIN_KEYS) KeySet adminKeys,
                                                          InternalToken token, JsonMapper json) {
        FilterRegistrationBean<AdminKeyFilter> registration =
                new FilterRegistrationBean<>(new AdminKeyFilter(service, adminKeys, token, json));
        registration.setOrder(ORDER);
        return registration;
    }
}
