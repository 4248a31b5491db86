package dev.janus.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicPathFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"/v1/models", "/v1/chat/completions", "/v1/models/tiny-mixtral", "/v1/models/a.b..c",
            "/admin/placement/epoch", "/actuator/health", "/internals"})
    void ordinaryPathsArePublic(String path) {
        assertThat(PublicPathFilter.isPublic(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/internal", "/internal/activation-stats", "/internal;x/activation-stats",
            "/v1/../internal/activation-stats", "/v1/%2e%2e/internal/x", "/v1/%2E./actuator/prometheus",
            "/v1/..;jsessionid=1/actuator/prometheus", "/v1/./models", "/v1/models/..%2Finternal", "/v1/..%5cinternal",
            "/v1/..\\internal", "/v1/%e0%zz", "/%69nternal/x"})
    void pathsThatCouldLeaveTheApiAreNot(String path) {
        assertThat(PublicPathFilter.isPublic(path)).isFalse();
    }
}
