package dev.janus.scaler.signals;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Cumulative histogram buckets (upper bound {@code le} → count), as Prometheus exports them.
 * Quantiles the way PromQL's {@code histogram_quantile} computes them: find the bucket holding
 * the rank, interpolate linearly inside it (lower edge 0 for the first bucket); a rank in the
 * +Inf bucket answers the highest finite bound.
 */
public record Buckets(TreeMap<Double, Double> counts) {

    public static Buckets empty() {
        return new Buckets(new TreeMap<>());
    }

    public void add(double le, double count) {
        counts.merge(le, count, Double::sum);
    }

    /** This minus {@code earlier}, per bound; a negative difference (a restart) counts the whole of this. */
    public Buckets minus(Buckets earlier) {
        Buckets d = empty();
        boolean restarted = counts.entrySet().stream()
                .anyMatch(e -> e.getValue() < earlier.counts.getOrDefault(e.getKey(), 0.0));
        counts.forEach((le, c) -> d.add(le, restarted ? c : c - earlier.counts.getOrDefault(le, 0.0)));
        return d;
    }

    public Buckets plus(Buckets other) {
        Buckets sum = empty();
        counts.forEach(sum::add);
        other.counts.forEach(sum::add);
        return sum;
    }

    /** The q-quantile, or null when there are no observations. */
    public @Nullable Double quantile(double q) {
        Double total = counts.get(Double.POSITIVE_INFINITY);
        if (total == null || !(total > 0)) {
            return null;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : counts.entrySet()) {
            if (e.getValue() >= rank) {
                if (e.getKey() == Double.POSITIVE_INFINITY) {
                    return lowerBound;
                }
                double inBucket = e.getValue() - lowerCount;
                return inBucket <= 0 ? e.getKey()
                        : lowerBound + (e.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = e.getKey();
            lowerCount = e.getValue();
        }
        return lowerBound;
    }
}
