package dev.janus.cli.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * ./run-local's {@code --experts N} and {@code --attention N} as edits of the compose topology:
 * instance i of a pool is a copy of the file's first one on its ports + i (expert-service, HTTP and
 * gRPC) or + 10·i (attention-service: 8082.. belong to others), and every list that names the
 * pool's first instance (gRPC targets, URIs for placement-service, the gateway and the scaler)
 * names them all. {@code --experts 0} is the monolithic shape: experts inside attention-service,
 * no expert-services and no placement-service.
 */
public final class TopologyOverrides {

    static final String EXPERT = "expert-service";
    static final String ATTENTION = "attention-service";
    static final String PLACEMENT = "placement-service";
    static final int ATTENTION_PORT_STEP = 10;
    static final int AGGREGATOR_PORT = 9190;

    private TopologyOverrides() {
    }

    public static ComposeFile experts(ComposeFile file, int n) {
        if (n < 0) {
            throw new ComposeException("--experts takes 0 or more, got " + n);
        }
        ComposeService template = file.service(EXPERT + "-0");
        Map<String, ComposeService> out = new LinkedHashMap<>();
        for (ComposeService s : file.services().values()) {
            if (s.name().matches(EXPERT + "-\\d+") || (n == 0 && s.name().equals(PLACEMENT))) {
                if (s == template) {
                    for (int i = 0; i < n; i++) {
                        out.put(EXPERT + "-" + i, expert(template, i));
                    }
                }
                continue;
            }
            out.put(s.name(), s);
        }
        List<String> experts = IntStream.range(0, n).mapToObj(i -> EXPERT + "-" + i).toList();
        out.replaceAll((name, s) -> {
            Map<String, String> env = new LinkedHashMap<>(s.environment());
            env.replaceAll((k, v) -> expandList(v, EXPERT + "-0", n, 1, i -> EXPERT + "-" + i));
            if (n == 0) {
                env.keySet().removeIf(k -> k.startsWith("MOE_PLACEMENT_") || k.startsWith("MOE_EXPERTS_TARGETS")
                        || k.startsWith("MOE_SCALER_PLACEMENT_"));
                env.computeIfPresent("MOE_EXPERTS_TRANSPORT", (k, v) -> "in-process");
            } else {
                env.computeIfPresent("MOE_PLACEMENT_INSTANCES", (k, v) -> Integer.toString(n));
                env.computeIfPresent("MOE_PLACEMENT_REDUNDANTSLOTS", (k, v) -> n > 1 ? "2" : "0");
            }
            env.computeIfPresent("MOE_SCALER_MOE_INITIAL", (k, v) -> Integer.toString(Math.max(1, n)));
            return s.withEnvironment(env).withDependsOn(dependsOn(s.dependsOn(), EXPERT + "-\\d+", experts, out.keySet()));
        });
        return file.withServices(out);
    }

    public static ComposeFile attention(ComposeFile file, int n) {
        if (n < 1 || n > 9) {
            throw new ComposeException("--attention takes 1..9, got " + n);
        }
        ComposeService template = file.service(ATTENTION);
        if (n > 1 && "in-process".equals(template.environment().getOrDefault("MOE_EXPERTS_TRANSPORT", "in-process"))) {
            throw new ComposeException("--attention > 1 needs expert services (--experts >= 1)");
        }
        List<String> names = IntStream.range(0, n).mapToObj(TopologyOverrides::attentionName).toList();
        Set<String> all = new LinkedHashSet<>(file.services().keySet());
        all.addAll(names);
        Map<String, ComposeService> out = new LinkedHashMap<>();
        for (ComposeService s : file.services().values()) {
            if (s == template) {
                for (int a = 0; a < n; a++) {
                    out.put(names.get(a), attentionMember(template, a, n));
                }
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>(s.environment());
            env.replaceAll((k, v) -> expandList(v, ATTENTION, n, ATTENTION_PORT_STEP, TopologyOverrides::attentionName));
            env.computeIfPresent("MOE_SCALER_ATTENTION_INITIAL", (k, v) -> Integer.toString(n));
            out.put(s.name(), s.withEnvironment(env).withDependsOn(dependsOn(s.dependsOn(), ATTENTION, names, all)));
        }
        return file.withServices(out);
    }

    private static String attentionName(int a) {
        return a == 0 ? ATTENTION : ATTENTION + "-" + a;
    }

    private static ComposeService expert(ComposeService template, int i) {
        Map<String, String> env = new LinkedHashMap<>(template.environment());
        env.put("MOE_EXPERT_INSTANCEID", Integer.toString(i));
        env.computeIfPresent("SERVER_PORT", (k, v) -> Integer.toString(Integer.parseInt(v) + i));
        env.computeIfPresent("SPRING_GRPC_SERVER_PORT", (k, v) -> Integer.toString(Integer.parseInt(v) + i));
        return template.named(EXPERT + "-" + i).withEnvironment(env);
    }

    // several attention instances on one node: member 0 hosts the node aggregator, each layer step goes
    // direct or two-phase as the cost model decides (moe.node.*, paper §3.2)
    private static ComposeService attentionMember(ComposeService template, int a, int n) {
        Map<String, String> env = new LinkedHashMap<>(template.environment());
        env.computeIfPresent("SERVER_PORT", (k, v) -> Integer.toString(Integer.parseInt(v) + ATTENTION_PORT_STEP * a));
        if (n > 1) {
            env.put("MOE_NODE_MEMBERS", Integer.toString(n));
            env.put("MOE_NODE_MEMBER", Integer.toString(a));
            env.put("MOE_NODE_AGGREGATORPORT", Integer.toString(AGGREGATOR_PORT));
            env.put("MOE_NODE_AGGREGATOR", ATTENTION + ":" + AGGREGATOR_PORT);
        }
        return template.named(attentionName(a)).withEnvironment(env);
    }

    /**
     * A comma-separated value whose items name {@code first} ({@code host:port} or a URL) becomes
     * one item per instance, instance i on the first's port + step·i; other values are unchanged.
     */
    static String expandList(String value, String first, int n, int step, IntFunction<String> name) {
        Pattern item = Pattern.compile("(?<![\\w-])" + Pattern.quote(first) + ":(\\d+)");
        Pattern member = Pattern.compile("(?<![\\w-])" + Pattern.quote(first.replaceAll("-0$", "")) + "(-\\d+)?:\\d+");
        List<String> items = List.of(value.split(","));
        String template = items.stream().filter(i -> item.matcher(i).find()).findFirst().orElse(null);
        if (template == null) {
            return value;
        }
        Matcher m = item.matcher(template);
        m.find();
        int port = Integer.parseInt(m.group(1));
        List<String> out = new ArrayList<>(items.stream().filter(i -> !member.matcher(i).find()).toList());
        for (int i = 0; i < n; i++) {
            out.add(template.substring(0, m.start()) + name.apply(i) + ":" + (port + step * i) + template.substring(m.end()));
        }
        return String.join(",", out);
    }

    /** Dependencies on a pool member become ones on every member; ones on removed services are dropped. */
    private static Map<String, String> dependsOn(Map<String, String> deps, String poolPattern, List<String> pool,
                                                 Set<String> services) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> d : deps.entrySet()) {
            if (d.getKey().matches(poolPattern)) {
                pool.forEach(p -> out.put(p, d.getValue()));
            } else if (services.contains(d.getKey())) {
                out.put(d.getKey(), d.getValue());
            }
        }
        return out;
    }
}
