package dev.janus.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.security.InternalToken;
import dev.janus.comm.security.KeySet;
import dev.janus.service.AdminService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** The rules themselves are tested through placement- and scaler-service (RealmsTest, AdminKeyTest). */
class AdminKeyFilterTest {

    private static MockHttpServletResponse call(AdminService service, String method, String authorization)
            throws Exception {
        AdminKeyFilter filter = new AdminKeyFilter(service, KeySet.of(service.adminKeys()),
                InternalToken.of("internal"), JsonMapper.builder().build());
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/admin/x");
        request.setServletPath("/admin/x");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void noKeyConfiguredNamesTheServiceAndItsProperty() throws Exception {
        MockHttpServletResponse r = call(new AdminService("scaler-service", "moe.scaler.admin-keys", List.of()),
                "GET", "Bearer k");
        assertThat(r.getStatus()).isEqualTo(401);
        assertThat(r.getContentAsString()).contains("admin_key_not_configured")
                .contains("configured on scaler-service (moe.scaler.admin-keys)");
    }

    @Test
    void keysOfTheServiceOpenAdmin() throws Exception {
        AdminService service = new AdminService("placement-service", "moe.placement-service.admin-keys", List.of("k"));
        assertThat(call(service, "GET", "Bearer k").getStatus()).isEqualTo(200);
        assertThat(call(service, "GET", "Bearer other").getStatus()).isEqualTo(401);
        assertThat(call(service, "GET", "Bearer internal").getStatus()).isEqualTo(403);
    }
}
