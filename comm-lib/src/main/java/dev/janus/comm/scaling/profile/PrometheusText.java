package dev.janus.comm.scaling.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the Prometheus text exposition format (version 0.0.4: {@code name{l="v",...} value
 * [timestamp]}), what {@code /actuator/prometheus} answers. Comments and type lines are skipped.
 * Read by scaler-service's signals and by the {@code profile} sweep ({@link ProfileSweep}).
 */
public final class PrometheusText {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private PrometheusText() {
    }

    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            samples.add(line(s));
        }
        return samples;
    }

    private static Sample line(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) != '{' && s.charAt(i) != ' ') {
            i++;
        }
        String name = s.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < s.length() && s.charAt(i) == '{') {
            i++;
            while (s.charAt(i) != '}') {
                int eq = s.indexOf('=', i);
                String key = s.substring(i, eq).strip();
                i = eq + 2; // past ="
                StringBuilder value = new StringBuilder();
                while (s.charAt(i) != '"') {
                    char c = s.charAt(i++);
                    if (c == '\\') {
                        char e = s.charAt(i++);
                        value.append(e == 'n' ? '\n' : e);
                    } else {
                        value.append(c);
                    }
                }
                i++;
                labels.put(key, value.toString());
                while (s.charAt(i) == ',' || s.charAt(i) == ' ') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = s.substring(i).strip().split("\\s+");
        return new Sample(name, labels, number(rest[0]));
    }

    /** A sample value: a Go float, "+Inf", "-Inf" or "NaN" included. */
    public static double number(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
