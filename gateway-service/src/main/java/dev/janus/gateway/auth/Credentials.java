package dev.janus.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The key an {@code Authorization} header presents: {@code Bearer <key>}, or HTTP Basic
 * (RFC 7617) whose password is the key and whose user name is ignored — what a browser's login
 * dialog sends for the admin page. Only the admin realm accepts Basic (the OpenAI API is Bearer).
 *
 * <p>placement-service parses the same two forms in its own {@code AdminCredentials}: the gateway
 * does not depend on comm-lib (gRPC, the model types) for thirty lines, so they are written twice;
 * their tests (GatewayAdminBasicAuthTest, placement-service AdminKeyTest) pin the same behaviour.
 *
 * @param key   the presented key, or null when the header has none (absent, another scheme, empty)
 * @param basic whether it came as Basic credentials (which a browser attaches by itself)
 */
public record Credentials(String key, boolean basic) {

    private static final Credentials NONE = new Credentials(null, false);

    public boolean present() {
        return key != null;
    }

    /** Parses one header value; malformed Basic (bad Base64, no colon, empty password) presents no key. */
    public static Credentials parse(String authorization) {
        if (authorization == null) {
            return NONE;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            return key.isEmpty() ? NONE : new Credentials(key, false);
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String userPass;
            try {
                userPass = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new Credentials(null, true);
            }
            int colon = userPass.indexOf(':');
            String key = colon < 0 ? "" : userPass.substring(colon + 1);
            return new Credentials(key.isEmpty() ? null : key, true);
        }
        return NONE;
    }
}
