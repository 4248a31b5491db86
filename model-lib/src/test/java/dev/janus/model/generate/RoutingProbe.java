package dev.janus.model.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Layer-0 Mixtral routing of RMS-normalised embedding rows: how many different top-2 sets occur. */
final class RoutingProbe {

    private RoutingProbe() {
    }

    static int distinctTopTwoSets(Path file, int hidden, int experts, int rows) throws IOException {
        float[] embed = GeneratedWeights.floats(file, "model.embed_tokens.weight");
        float[] gate = GeneratedWeights.floats(file, "model.layers.0.block_sparse_moe.gate.weight");
        Set<Long> sets = new HashSet<>();
        for (int r = 0; r < rows; r++) {
            double ss = 0;
            for (int i = 0; i < hidden; i++) {
                ss += embed[r * hidden + i] * embed[r * hidden + i];
            }
            double inv = 1 / Math.sqrt(ss / hidden + 1e-5);
            int best = -1;
            int second = -1;
            double[] logits = new double[experts];
            for (int e = 0; e < experts; e++) {
                for (int i = 0; i < hidden; i++) {
                    logits[e] += gate[e * hidden + i] * embed[r * hidden + i] * inv;
                }
                if (best < 0 || logits[e] > logits[best]) {
                    second = best;
                    best = e;
                } else if (second < 0 || logits[e] > logits[second]) {
                    second = e;
                }
            }
            sets.add((1L << best) | (1L << second));
        }
        return sets.size();
    }
}
