package dev.janus.scaler.actuate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one command line into arguments the way a POSIX shell does for words — no expansion,
 * no variables, no globbing: whitespace separates words; {@code '...'} keeps everything
 * literally; {@code "..."} keeps everything but {@code \"} and {@code \\}; a backslash outside
 * quotes escapes the next character. Commas are ordinary characters, which is the point: a
 * {@code List<String>} property bound from one flat string is comma-split by Spring, so
 * {@code --moe.experts.targets=a,b,c} would become three arguments.
 * <p>
 * Example (a test): {@code java -jar "my dir/x.jar" --t=a,b 'it''s'} gives
 * {@code [java, -jar, my dir/x.jar, --t=a,b, its]}.
 */
public final class ShellWords {

    private ShellWords() {}

    /** The words of {@code line}; an unterminated quote or a trailing backslash is refused. */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            switch (c) {
                case '\'' -> {
                    int end = line.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated ' at " + i + " in: " + line);
                    }
                    word.append(line, i + 1, end);
                    i = end;
                }
                case '"' -> i = doubleQuoted(line, i, word);
                case '\\' -> {
                    if (i + 1 == line.length()) {
                        throw new IllegalArgumentException("trailing \\ in: " + line);
                    }
                    word.append(line.charAt(++i));
                }
                default -> word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /** Appends the double-quoted part starting at {@code open}; returns the index of its closing quote. */
    private static int doubleQuoted(String line, int open, StringBuilder word) {
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
        throw new IllegalArgumentException("unterminated \" at " + open + " in: " + line);
    }
}
