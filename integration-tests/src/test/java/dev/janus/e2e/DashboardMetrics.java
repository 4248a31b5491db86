package dev.janus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Metric names in Grafana dashboards' PromQL and in Prometheus exposition text. */
final class DashboardMetrics {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL words that are not metrics: aggregations, their modifiers and the functions the dashboards use. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "by", "without", "rate",
            "increase", "irate", "histogram_quantile", "and", "or", "unless", "on", "ignoring", "offset");

    private DashboardMetrics() {
    }

    /** Every metric name the dashboards' queries select (label matchers, grouping labels and ranges removed). */
    static Set<String> queried(Path dashboards) {
        Set<String> names = new TreeSet<>();
        try (var files = Files.list(dashboards)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                for (JsonNode panel : new ObjectMapper().readTree(f.toFile()).get("panels")) {
                    for (JsonNode target : panel.get("targets")) {
                        names.addAll(metricsIn(target.get("expr").asText()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    static Set<String> metricsIn(String promql) {
        String bare = promql.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group();
            if (!PROMQL.contains(word) && !bare.substring(m.end()).stripLeading().startsWith("(")) {
                names.add(word);
            }
        }
        return names;
    }

    /** The metric names of one /actuator/prometheus answer (samples, not # HELP / # TYPE lines). */
    static Set<String> exposed(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = IDENTIFIER.matcher(line);
                if (m.lookingAt()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }
}
