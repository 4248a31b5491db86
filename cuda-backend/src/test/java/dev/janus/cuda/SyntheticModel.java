package dev.janus.cuda;

import dev.janus.model.model.LayerWeights;
import dev.janus.model.model.MlpWeights;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.model.MoeWeights;

/** Model weights holding only what an expert executor reads: one layer's routed experts. */
final class SyntheticModel {

    private SyntheticModel() {
    }

    static ModelWeights oneMoeLayer(MlpWeights[] experts) {
        MoeWeights moe = new MoeWeights(null, experts, null, null, null);
        return new ModelWeights(null, new LayerWeights[] {new LayerWeights(null, null, null, null, moe, null)}, null, null);
    }
}
