package dev.janus.cli.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's variable substitution (compose-spec "Interpolation"): {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-default}} (unset or empty), {@code ${VAR-default}} (unset), {@code ${VAR:?error}} /
 * {@code ${VAR?error}} (required), and {@code $$} for a literal {@code $} (left for the container's
 * shell, e.g. in a healthcheck).
 */
public final class Interpolation {

    private static final Pattern REFERENCE = Pattern.compile(
            "\\$(?:(\\$)|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

    /** One {@code ${...}} in a value: the variable, and whether a default or an error message comes with it. */
    public record Reference(String name, boolean hasDefault, boolean required) {}

    private Interpolation() {
    }

    /** {@code text} with every reference replaced from {@code variables}; a required one that is missing throws. */
    public static String resolve(String text, Map<String, String> variables) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement(m, variables)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The references in {@code text} (for checks of a compose file against its env file). */
    public static List<Reference> references(String text) {
        List<Reference> refs = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            if (m.group(1) == null) {
                String op = m.group(3);
                refs.add(new Reference(m.group(2) != null ? m.group(2) : m.group(5),
                        op != null && op.endsWith("-"), op != null && op.endsWith("?")));
            }
        }
        return refs;
    }

    private static String replacement(Matcher m, Map<String, String> variables) {
        if (m.group(1) != null) {
            return "$";
        }
        String name = m.group(2) != null ? m.group(2) : m.group(5);
        String value = variables.get(name);
        String op = m.group(3);
        if (op == null) {
            return value == null ? "" : value;
        }
        boolean emptyCounts = op.startsWith(":"); // ':-' and ':?' treat an empty value as unset
        boolean missing = value == null || (emptyCounts && value.isEmpty());
        if (!missing) {
            return value;
        }
        if (op.endsWith("?")) {
            String why = m.group(4).isEmpty() ? "required" : m.group(4);
            throw new ComposeException("variable " + name + " is not set: " + why);
        }
        return m.group(4);
    }
}
