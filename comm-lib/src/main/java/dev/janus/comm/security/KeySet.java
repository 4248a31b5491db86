package dev.janus.comm.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;

/**
 * Secrets a realm accepts (admin keys, the internal token), compared in constant time: every
 * candidate is compared in full, whether or not an earlier one matched, so a wrong key's timing
 * says nothing about a right one ({@link MessageDigest#isEqual} is constant time for equal lengths
 * since JDK 6u17). Blank entries are dropped: an empty value never opens a realm.
 */
public final class KeySet {

    private static final KeySet NONE = new KeySet(List.of());

    private final List<byte[]> keys;

    private KeySet(List<byte[]> keys) {
        this.keys = keys;
    }

    public static KeySet of(Collection<String> keys) {
        return new KeySet(keys.stream().filter(k -> k != null && !k.isBlank())
                .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList());
    }

    public static KeySet none() {
        return NONE;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** Whether {@code presented} is one of the keys; null never is. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] candidate : keys) {
            found |= MessageDigest.isEqual(candidate, given);
        }
        return found;
    }

    /** Never the keys themselves (they end up in logs when a configuration object is printed). */
    @Override
    public String toString() {
        return "KeySet[" + keys.size() + " keys]";
    }
}
