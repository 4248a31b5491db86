package dev.janus.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AdminCredentialsTest {

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bearerAndBasicPresentTheKey() {
        assertThat(AdminCredentials.parse("Bearer k1")).isEqualTo(new AdminCredentials("k1", false));
        assertThat(AdminCredentials.parse("bearer  k1 ")).isEqualTo(new AdminCredentials("k1", false));
        assertThat(AdminCredentials.parse(basic("anyone:k2"))).isEqualTo(new AdminCredentials("k2", true));
        assertThat(AdminCredentials.parse(basic(":k:3"))).isEqualTo(new AdminCredentials("k:3", true));
    }

    @Test
    void noKeyFromAbsentEmptyOrMalformedHeaders() {
        assertThat(AdminCredentials.parse(null).present()).isFalse();
        assertThat(AdminCredentials.parse("Bearer   ").present()).isFalse();
        assertThat(AdminCredentials.parse("Token k1").present()).isFalse();
        assertThat(AdminCredentials.parse(basic("user-only"))).isEqualTo(new AdminCredentials(null, true));
        assertThat(AdminCredentials.parse(basic("user:"))).isEqualTo(new AdminCredentials(null, true));
        assertThat(AdminCredentials.parse("Basic !!!")).isEqualTo(new AdminCredentials(null, true));
    }
}
