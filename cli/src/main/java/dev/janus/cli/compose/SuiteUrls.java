package dev.janus.cli.compose;

import java.util.Map;
import java.util.StringJoiner;

/** Where the locally started suite answers, for ./run-local's banner. */
final class SuiteUrls {

    private SuiteUrls() {
    }

    static String describe(ComposeFile file, Map<String, String> variables) {
        StringJoiner out = new StringJoiner(System.lineSeparator());
        String gateway = "http://localhost:" + port(file.service("gateway-service"));
        String model = variables.getOrDefault("JANUS_MODEL", "default-small-mixtral");
        out.add("").add("Serving '" + model + "' through the gateway (OpenAI API): " + gateway + "/v1");
        out.add("  curl -s " + gateway + "/v1/chat/completions -H 'Content-Type: application/json' \\");
        out.add("       -d '{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}],\"max_tokens\":32}'");
        String key = variables.get("JANUS_ADMIN_KEY");
        out.add("").add("Admin API (Authorization: Bearer " + (key == null ? "<JANUS_ADMIN_KEY>" : key) + "):");
        if (file.services().containsKey("placement-service")) {
            out.add("  placement: " + gateway + "/admin/placement   page: " + gateway
                    + "/admin/placement/ui (any user name, the key as password)");
        }
        if (file.services().containsKey("scaler-service")) {
            out.add("  scaler:    " + gateway + "/admin/scaler/status");
        }
        out.add("").add("Metrics (Prometheus text) of each service:");
        for (ComposeService s : file.services().values()) {
            String port = s.environment().get("SERVER_PORT");
            if (port != null && s.imageName().startsWith("janus/") && !s.imageName().equals("janus/cli")) {
                out.add(String.format("  %-20s http://127.0.0.1:%s/actuator/prometheus", s.name(), port));
            }
        }
        out.add("Grafana and Prometheus: docker compose only (not applicable to local processes).");
        return out.toString();
    }

    /** The host side of a service's first published port, else its SERVER_PORT. */
    static String port(ComposeService s) {
        if (!s.ports().isEmpty()) {
            String[] parts = s.ports().getFirst().split(":");
            return parts.length >= 2 ? parts[parts.length - 2] : parts[0];
        }
        return s.environment().getOrDefault("SERVER_PORT", "8080");
    }
}
