package dev.janus.service.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The admin key an {@code Authorization} header presents: {@code Bearer <key>} (scripts, the
 * gateway), or HTTP Basic (RFC 7617) whose password is the key and whose user name is ignored —
 * the form a browser's login dialog sends, so people can open the page.
 *
 * @param key   the presented key, or null when the header has none (absent, another scheme, empty)
 * @param basic whether it came as Basic credentials (which a browser attaches by itself)
 */
public record AdminCredentials(String key, boolean basic) {

    static final AdminCredentials NONE = new AdminCredentials(null, false);

    public boolean present() {
        return key != null;
    }

    /** Parses one header value; malformed Basic (bad Base64, no colon) presents no key. */
    public static AdminCredentials parse(String authorization) {
        if (authorization == null) {
            return NONE;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).strip();
            return key.isEmpty() ? NONE : new AdminCredentials(key, false);
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String userPass;
            try {
                // RFC 7617 §2.1: the charset="UTF-8" we announce in the challenge
                userPass = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new AdminCredentials(null, true);
            }
            int colon = userPass.indexOf(':');
            String key = colon < 0 ? "" : userPass.substring(colon + 1);
            return key.isEmpty() ? new AdminCredentials(null, true) : new AdminCredentials(key, true);
        }
        return NONE;
    }
}
