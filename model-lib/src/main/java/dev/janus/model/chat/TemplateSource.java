package dev.janus.model.chat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small, exact rewrite of HF template source before Jinjava parses it:
 * <ol>
 *   <li>Jinja2 ({@code keep_trailing_newline=False}) drops one trailing newline of the source.</li>
 *   <li>Three-part Python slices inside {@code {{ }}} / {@code {% %}}, e.g. {@code messages[::-1]},
 *       become {@code messages[janus_py_slice(none, none, -1)]}: Jinjava's parser knows only
 *       {@code [a:b]}. The parts must be simple (no brackets, colons, braces or quotes), which
 *       covers the forms found in chat templates.</li>
 *   <li>Keyword-argument values in calls are parenthesized, {@code namespace(i=n - 1)} becomes
 *       {@code namespace(i=(n - 1))}: Jinjava parses {@code i=n - 1} as {@code (i=n) - 1}.</li>
 *   <li>{@code not x is defined} becomes {@code not (x is defined)}: in Jinja2 tests bind tighter
 *       than {@code not}, Jinjava applies {@code not} first. {@code x} is a variable with
 *       attribute / subscript accessors, the test a name with an optional argument list.</li>
 * </ol>
 */
final class TemplateSource {

    static final String SLICE_FUNCTION = "janus_py_slice";

    private static final Pattern CODE = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);
    private static final String PART = "\\s*([^\\[\\]:{}'\"]*?)\\s*";
    private static final Pattern SLICE3 = Pattern.compile("\\[" + PART + ":" + PART + ":" + PART + "]");

    private TemplateSource() {
    }

    static String prepare(String source) {
        String s = source;
        if (s.endsWith("\r\n")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("\n") || s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        Matcher code = CODE.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (code.find()) {
            Matcher slice = SLICE3.matcher(code.group());
            String rewritten = slice.replaceAll(m -> Matcher.quoteReplacement("[" + SLICE_FUNCTION + "("
                    + part(m.group(1)) + ", " + part(m.group(2)) + ", " + part(m.group(3)) + ")]"));
            rewritten = parenthesizeKeywordArguments(rewritten);
            rewritten = NOT_IS.matcher(rewritten).replaceAll("not ($1 is $2)");
            code.appendReplacement(out, Matcher.quoteReplacement(rewritten));
        }
        code.appendTail(out);
        return out.toString();
    }

    /** Wraps each {@code name=value} argument of a call as {@code name=(value)}, skipping string literals. */
    static String parenthesizeKeywordArguments(String code) {
        StringBuilder out = new StringBuilder(code.length() + 8);
        java.util.ArrayDeque<Character> brackets = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>(); // bracket depths with a "(" to close
        Matcher keyword = KEYWORD.matcher(code);
        char quote = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < code.length()) {
                    out.append(code.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '(', '[', '{' -> brackets.push(c);
                case ',', ')', ']', '}' -> {
                    if (!open.isEmpty() && open.peek() == brackets.size()) {
                        out.append(')');
                        open.pop();
                    }
                    if (c != ',' && !brackets.isEmpty()) {
                        brackets.pop();
                    }
                }
                default -> {
                    if (!brackets.isEmpty() && brackets.peek() == '(' && afterArgumentStart(out)
                            && keyword.region(i, code.length()).lookingAt()) {
                        out.append(keyword.group()).append('(');
                        open.push(brackets.size());
                        i = keyword.end() - 1;
                        continue;
                    }
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static final Pattern NOT_IS = Pattern.compile(
            "\\bnot\\s+([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*|\\[[^\\[\\]]*])*)\\s+is\\s+((?:not\\s+)?[A-Za-z_]\\w*(?:\\([^()]*\\)|\\s+(?:-?\\d+|none|true|false|'[^']*'|\"[^\"]*\"))?)");
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z_]\\w*\\s*=(?!=)\\s*");

    private static boolean afterArgumentStart(StringBuilder out) {
        for (int j = out.length() - 1; j >= 0; j--) {
            char p = out.charAt(j);
            if (!Character.isWhitespace(p)) {
                return p == '(' || p == ',';
            }
        }
        return false;
    }

    private static String part(String p) {
        return p.isBlank() ? "none" : p;
    }
}
