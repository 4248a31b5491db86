package dev.janus.cli.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * scaler-service with its local actuator instead of the compose file's dry run (the file stays
 * dry-run for Docker, where compose cannot scale a service by itself): {@code ./janus up} makes
 * the scaler start and stop attention- and expert-service processes here, each exactly as the
 * launcher starts the file's first one, with its instance's ports filled in.
 * <ul>
 *   <li>MoE pool: {@code --experts M} instances run (external to the scaler), {@value #SPARE} more
 *       may start: instance i on HTTP 18082+i and gRPC 9092+i, id i. attention-service's
 *       {@code MOE_EXPERTS_TARGETS} and placement-service's expert URIs name all M+{@value #SPARE}.</li>
 *   <li>attention pool: {@code --attention N} run, {@value #SPARE} more may start on
 *       {@value #SCALED_ATTENTION_PORT}, {@value #SCALED_ATTENTION_PORT}+1 (8082.. belong to
 *       others, 8091.. to the node members), listed by the gateway (whose readiness checks keep
 *       them out until they run), placement-service and the scaler's signals.</li>
 * </ul>
 * A started instance's command line is {@code env [-u KEY]... KEY=VALUE... java ... -jar ...}: the
 * scaler's own variables it does not have are unset, and only values that differ from the
 * scaler's are written out, so shared secrets (MOE_INTERNAL_TOKEN) reach it by inheritance and
 * never appear on a command line or in the scaler's log.
 */
public final class LocalScaling {

    /** Instances per pool the scaler may start beyond the ones ./run-local starts. */
    static final int SPARE = 2;
    static final int SCALED_ATTENTION_PORT = 8181;
    static final String SCALER = "scaler-service";
    /**
     * The services' lists of attention instances, each naming the spare ones as well: the
     * gateway routes to them once ready, placement-service commits epochs on them (one that
     * refuses the connection is not running and holds none), the scaler reads their signals.
     */
    static final List<String> ATTENTION_LISTS = List.of("MOE_GATEWAY_ATTENTIONURIS",
            "MOE_PLACEMENTSERVICE_ATTENTION_URIS", "MOE_SCALER_SIGNALS_ATTENTION_URIS");

    private LocalScaling() {
    }

    /**
     * @param argv how the launcher starts a service here (java, flags, its jar, its command)
     * @param env  the environment the launcher gives it
     * @param logs where the scaler writes its instances' logs
     */
    public static ComposeFile apply(ComposeFile file, Function<ComposeService, List<String>> argv,
                                    Function<ComposeService, Map<String, String>> env, Path logs) {
        if (!file.services().containsKey(SCALER)) {
            return file;
        }
        List<String> attention = file.services().keySet().stream()
                .filter(n -> n.matches(TopologyOverrides.ATTENTION + "(-\\d+)?")).toList();
        int experts = (int) file.services().keySet().stream().filter(n -> n.matches(TopologyOverrides.EXPERT + "-\\d+")).count();
        int expertSlots = experts == 0 ? 1 : experts + SPARE;
        Map<String, ComposeService> out = new LinkedHashMap<>();
        for (ComposeService s : file.services().values()) {
            Map<String, String> e = new LinkedHashMap<>(s.environment());
            if (experts > 0) { // every list naming MoE instance 0 names every slot; the spare ones are this machine's
                e.replaceAll((k, v) -> TopologyOverrides.expandList(v, TopologyOverrides.EXPERT + "-0", expertSlots, 1,
                        i -> i < experts ? TopologyOverrides.EXPERT + "-" + i : LocalMapping.LOOPBACK));
            }
            for (String list : ATTENTION_LISTS) { // placement-service commits epochs on the spare ones too
                e.computeIfPresent(list, (k, v) -> v + "," + IntStream.range(0, SPARE)
                        .mapToObj(i -> "http://" + LocalMapping.LOOPBACK + ":" + (SCALED_ATTENTION_PORT + i))
                        .collect(Collectors.joining(",")));
            }
            out.put(s.name(), s.withEnvironment(e));
        }
        ComposeFile expanded = file.withServices(out);

        ComposeService scaler = expanded.service(SCALER);
        Map<String, String> local = new LinkedHashMap<>();
        local.put("MOE_SCALER_ACTUATOR", "local");
        local.put("MOE_SCALER_ATTENTION_MAX", Integer.toString(attention.size() + SPARE));
        local.put("MOE_SCALER_MOE_MAX", Integer.toString(expertSlots));
        local.put("MOE_SCALER_LOCAL_LOGDIR", logs.toAbsolutePath().toString());
        local.put("MOE_SCALER_LOCAL_ATTENTION_EXTERNAL", Integer.toString(attention.size()));
        // instance i on base + i: the first one the scaler starts (i = N) on SCALED_ATTENTION_PORT
        local.put("MOE_SCALER_LOCAL_ATTENTION_BASEPORT", Integer.toString(SCALED_ATTENTION_PORT - attention.size()));
        local.put("MOE_SCALER_LOCAL_ATTENTION_COMMANDLINE", "");
        local.put("MOE_SCALER_LOCAL_EXPERTS_EXTERNAL", Integer.toString(Math.max(1, experts)));
        local.put("MOE_SCALER_LOCAL_EXPERTS_COMMANDLINE", "");
        ComposeService expert = experts == 0 ? null : expanded.service(TopologyOverrides.EXPERT + "-0");
        if (expert != null) {
            local.put("MOE_SCALER_LOCAL_EXPERTS_BASEPORT", expert.environment().get("SERVER_PORT"));
            local.put("MOE_SCALER_LOCAL_EXPERTS_GRPCBASEPORT", expert.environment().get("SPRING_GRPC_SERVER_PORT"));
        }
        Map<String, String> scalerEnv = new LinkedHashMap<>(env.apply(scaler));
        scalerEnv.putAll(local);

        ComposeService attentionTemplate = expanded.service(TopologyOverrides.ATTENTION);
        Map<String, String> a = new LinkedHashMap<>(attentionTemplate.environment());
        a.keySet().removeIf(k -> k.startsWith("MOE_NODE_")); // a started instance is not a member of the first one's node
        a.put("SERVER_PORT", "{port}");
        local.put("MOE_SCALER_LOCAL_ATTENTION_COMMANDLINE", commandLine(attentionTemplate.withEnvironment(a), argv, env, scalerEnv));
        if (expert != null) {
            Map<String, String> x = new LinkedHashMap<>(expert.environment());
            x.put("MOE_EXPERT_INSTANCEID", "{index}");
            x.put("SERVER_PORT", "{port}");
            x.put("SPRING_GRPC_SERVER_PORT", "{grpc_port}");
            local.put("MOE_SCALER_LOCAL_EXPERTS_COMMANDLINE", commandLine(expert.withEnvironment(x), argv, env, scalerEnv));
        } else { // --experts 0: the experts live in attention-service; the MoE pool is that one instance (max 1)
            local.put("MOE_SCALER_LOCAL_EXPERTS_COMMANDLINE",
                    "sh -c 'echo \"--experts 0: the experts run inside attention-service, no MoE instance to start\" >&2; exit 1'");
        }
        Map<String, String> finalEnv = new LinkedHashMap<>(scaler.environment());
        finalEnv.putAll(local);
        Map<String, ComposeService> services = new LinkedHashMap<>(expanded.services());
        services.put(SCALER, scaler.withEnvironment(finalEnv));
        return expanded.withServices(services);
    }

    /** One shell-quoted line (scaler-service's ShellWords reads it back word by word). */
    static String commandLine(ComposeService instance, Function<ComposeService, List<String>> argv,
                              Function<ComposeService, Map<String, String>> env, Map<String, String> scalerEnv) {
        Map<String, String> wanted = env.apply(instance);
        List<String> words = new ArrayList<>();
        words.add("env");
        Set<String> unset = new LinkedHashSet<>(scalerEnv.keySet());
        unset.removeAll(wanted.keySet());
        unset.forEach(k -> {
            words.add("-u");
            words.add(k);
        });
        wanted.forEach((k, v) -> {
            if (!v.equals(scalerEnv.get(k))) {
                words.add(k + "=" + v);
            }
        });
        words.addAll(argv.apply(instance));
        return words.stream().map(LocalScaling::quoted).collect(Collectors.joining(" "));
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
