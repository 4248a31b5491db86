package dev.janus.comm.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The internal realm's decision, one row per case: which status and code a request gets for its
 * Authorization header, on a service with or without a configured token and with or without
 * admin keys of its own (placement-service). The services' table tests check the same over HTTP.
 */
class InternalTokenTest {

    static final InternalToken TOKEN = InternalToken.of("internal-secret");
    static final KeySet ADMIN = KeySet.of(List.of("admin-secret"));

    static Stream<Arguments> cases() {
        return Stream.of(
                // token configured here    header                          other realm   status  code
                Arguments.of(TOKEN, null, KeySet.none(), 401, "invalid_internal_token"),
                Arguments.of(TOKEN, "Bearer ", KeySet.none(), 401, "invalid_internal_token"),
                Arguments.of(TOKEN, "Basic aW50ZXJuYWwtc2VjcmV0", KeySet.none(), 401, "invalid_internal_token"),
                Arguments.of(TOKEN, "Bearer wrong", KeySet.none(), 401, "invalid_internal_token"),
                Arguments.of(TOKEN, "Bearer internal-secretx", KeySet.none(), 401, "invalid_internal_token"),
                Arguments.of(TOKEN, "Bearer admin-secret", KeySet.none(), 401, "invalid_internal_token"),
                Arguments.of(TOKEN, "Bearer admin-secret", ADMIN, 403, "internal_token_required"),
                Arguments.of(TOKEN, "Bearer internal-secret", KeySet.none(), 0, null),
                Arguments.of(TOKEN, "bearer  internal-secret ", ADMIN, 0, null),
                Arguments.of(InternalToken.none(), "Bearer internal-secret", KeySet.none(), 401, "internal_token_not_configured"),
                Arguments.of(InternalToken.of("  "), null, KeySet.none(), 401, "internal_token_not_configured"));
    }

    @ParameterizedTest(name = "{0} {1} (other realm {2}) -> {3} {4}")
    @MethodSource("cases")
    void decidesEachRequest(InternalToken token, String authorization, KeySet otherRealm, int status, String code) {
        Optional<Problem> refusal = token.refusal(authorization, otherRealm, "/internal/x");
        if (status == 0) {
            assertThat(refusal).isEmpty();
            return;
        }
        assertThat(refusal).get().satisfies(p -> {
            assertThat(p.status()).isEqualTo(status);
            assertThat(p.code()).isEqualTo(code);
            assertThat(p.instance()).isEqualTo("/internal/x");
            assertThat(p.toJson()).startsWith("{\"type\":\"about:blank\",\"title\":")
                    .contains("\"status\":" + status, "\"code\":\"" + code + "\"").doesNotContain("internal-secret");
        });
    }

    @Test
    void theNotConfiguredProblemNamesTheSettingAndItsVariable() {
        assertThat(InternalToken.none().refusal(null, KeySet.none(), "/internal").orElseThrow().detail())
                .contains("moe.internal.token", "MOE_INTERNAL_TOKEN");
    }

    @Test
    void callersSignWithTheTokenAndNothingPrintsIt() {
        HttpRequest signed = TOKEN.sign(HttpRequest.newBuilder(URI.create("http://x/internal"))).build();
        assertThat(signed.headers().firstValue("Authorization")).hasValue("Bearer internal-secret");
        HttpRequest unsigned = InternalToken.none().sign(HttpRequest.newBuilder(URI.create("http://x/internal"))).build();
        assertThat(unsigned.headers().firstValue("Authorization")).isEmpty();
        assertThat(TOKEN.toString()).doesNotContain("internal-secret");
        assertThat(ADMIN.toString()).doesNotContain("admin-secret");
    }

    @Test
    void onlyTheControlPlaneIsInternal() {
        assertThat(Stream.of("/internal", "/internal/", "/internal/placement/current", "//internal//x"))
                .allMatch(InternalToken::isInternal);
        assertThat(Stream.of("/internals", "/v1/internal", "/admin/internal", "/", "/actuator/health"))
                .noneMatch(InternalToken::isInternal);
    }
}
