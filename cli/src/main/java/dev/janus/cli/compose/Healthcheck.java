package dev.janus.cli.compose;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's compose healthcheck.
 *
 * @param command     what runs: {@code ["CMD", argv...]} as argv, {@code CMD-SHELL} or a string through {@code sh -c}
 * @param startPeriod failures before it ends do not count (the service is still starting)
 */
public record Healthcheck(List<String> command, Duration interval, Duration timeout, int retries, Duration startPeriod) {

    private static final Pattern PART = Pattern.compile("(\\d+)(h|ms|m|s|us|ns)");

    static Healthcheck of(Object test, String interval, String timeout, Integer retries, String startPeriod) {
        return new Healthcheck(argv(test), duration(interval, Duration.ofSeconds(30)), duration(timeout, Duration.ofSeconds(30)),
                retries == null ? 3 : retries, duration(startPeriod, Duration.ZERO));
    }

    /** The longest a service may take to become healthy: the start period, then {@code retries} failed checks. */
    public Duration patience() {
        return startPeriod.plus(interval.plus(timeout).multipliedBy(retries));
    }

    private static List<String> argv(Object test) {
        if (test instanceof String shell) {
            return List.of("sh", "-c", shell);
        }
        if (test instanceof List<?> list && !list.isEmpty()) {
            List<String> items = list.stream().map(String::valueOf).toList();
            return switch (items.getFirst()) {
                case "CMD" -> items.subList(1, items.size());
                case "CMD-SHELL" -> List.of("sh", "-c", String.join(" ", items.subList(1, items.size())));
                default -> throw new ComposeException("healthcheck test must start with CMD or CMD-SHELL: " + items);
            };
        }
        throw new ComposeException("healthcheck test must be a string or a list, got " + test);
    }

    /** Compose durations: {@code 1m30s}, {@code 5s}, {@code 100ms}. */
    static Duration duration(String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        Matcher m = PART.matcher(text);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                case "ms" -> Duration.ofMillis(n);
                case "us" -> Duration.ofNanos(n * 1000);
                default -> Duration.ofNanos(n);
            });
            end = m.end();
        }
        if (end != text.length() || text.isEmpty()) {
            throw new ComposeException("not a compose duration: '" + text + "'");
        }
        return d;
    }
}
