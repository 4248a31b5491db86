package dev.janus.comm.discovery;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Instance i's address from a template with {@code {index}}: the stable names a StatefulSet's
 * pods get from their headless Service ({@code expert-service-{index}.expert-service:9092} is MoE
 * instance i, pod ordinal = instance id). Expanded up to the most instances the cluster may scale
 * to, so a pod that the scaler adds later is already reachable by name; a name whose pod does
 * not run yet is simply not called until an epoch places experts on it.
 */
public final class InstanceTemplate {

    public static final String INDEX = "{index}";

    private InstanceTemplate() {}

    /** Instances 0 .. count-1 of {@code template}; {@code property} names the setting in errors. */
    public static List<String> expand(String template, int count, String property) {
        if (!template.contains(INDEX)) {
            throw new IllegalArgumentException(property + " must contain " + INDEX + " (the instance id), got '"
                    + template + "'");
        }
        if (count < 1) {
            throw new IllegalArgumentException(property + " needs a count of at least 1 instance, got " + count);
        }
        return IntStream.range(0, count).mapToObj(i -> template.replace(INDEX, Integer.toString(i))).toList();
    }
}
