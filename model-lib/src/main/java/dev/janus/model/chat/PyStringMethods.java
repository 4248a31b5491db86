package dev.janus.model.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python {@code str} methods that HF chat templates call on strings ({@code startswith},
 * {@code split}, {@code strip}, ...), with Python semantics: {@code split} takes a literal
 * separator and keeps trailing empty parts (unlike Java's regex {@code String.split}), and the
 * strip family takes an optional set of characters.
 */
final class PyStringMethods {

    private PyStringMethods() {
    }

    /** Whether {@code name} is a method this class implements for strings. */
    static boolean supports(String name) {
        return switch (name) {
            case "startswith", "endswith", "split", "rsplit", "strip", "lstrip", "rstrip", "upper", "lower",
                    "title", "capitalize", "replace", "find", "count", "splitlines" -> true;
            default -> false;
        };
    }

    static Object invoke(String s, String name, Object[] args) {
        return switch (name) {
            case "startswith" -> anyMatch(args[0], p -> s.startsWith(p));
            case "endswith" -> anyMatch(args[0], p -> s.endsWith(p));
            case "split" -> args.length == 0 || args[0] == null ? splitWhitespace(s) : split(s, str(args[0]),
                    args.length > 1 ? ((Number) args[1]).intValue() : -1);
            case "rsplit" -> args.length == 0 || args[0] == null ? splitWhitespace(s) : rsplit(s, str(args[0]),
                    args.length > 1 ? ((Number) args[1]).intValue() : -1);
            case "strip" -> rstrip(lstrip(s, chars(args)), chars(args));
            case "lstrip" -> lstrip(s, chars(args));
            case "rstrip" -> rstrip(s, chars(args));
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "replace" -> s.replace(str(args[0]), str(args[1]));
            case "find" -> s.indexOf(str(args[0]));
            case "count" -> count(s, str(args[0]));
            case "splitlines" -> s.lines().toList();
            default -> throw new IllegalArgumentException("no Python string method " + name);
        };
    }

    private static boolean anyMatch(Object prefixes, java.util.function.Predicate<String> test) {
        if (prefixes instanceof List<?> list) { // Python accepts a tuple of prefixes
            return list.stream().anyMatch(p -> test.test(str(p)));
        }
        return test.test(str(prefixes));
    }

    private static String str(Object o) {
        return o == null ? "None" : o.toString();
    }

    /** The strip set: null means whitespace. */
    private static String chars(Object[] args) {
        return args.length == 0 || args[0] == null ? null : str(args[0]);
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && strippable(s.charAt(i), chars)) {
            i++;
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int i = s.length();
        while (i > 0 && strippable(s.charAt(i - 1), chars)) {
            i--;
        }
        return s.substring(0, i);
    }

    private static List<String> split(String s, String sep, int maxSplit) {
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        List<String> parts = new ArrayList<>();
        int from = 0;
        int at;
        while ((maxSplit < 0 || parts.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static List<String> rsplit(String s, String sep, int maxSplit) {
        if (maxSplit < 0) {
            return split(s, sep, -1);
        }
        List<String> parts = new ArrayList<>();
        int end = s.length();
        int at;
        while (parts.size() < maxSplit && (at = s.lastIndexOf(sep, end - sep.length())) >= 0 && end - sep.length() >= 0) {
            parts.addFirst(s.substring(at + sep.length(), end));
            end = at;
        }
        parts.addFirst(s.substring(0, end));
        return parts;
    }

    private static List<String> splitWhitespace(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1;
        }
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
            n++;
        }
        return n;
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (char c : s.toCharArray()) {
            out.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousCased = Character.isLetter(c);
        }
        return out.toString();
    }
}
