package dev.janus.model.config;

import java.util.Arrays;

/** The MoE architectures the engine runs, keyed by the HF {@code architectures[0]} name. */
public enum ModelFamily {
    MIXTRAL("MixtralForCausalLM", "mixtral"),
    QWEN2_MOE("Qwen2MoeForCausalLM", "qwen2_moe"),
    QWEN3_MOE("Qwen3MoeForCausalLM", "qwen3_moe"),
    OLMOE("OlmoeForCausalLM", "olmoe"),
    DEEPSEEK_V2("DeepseekV2ForCausalLM", "deepseek_v2"),
    DEEPSEEK_V3("DeepseekV3ForCausalLM", "deepseek_v3");

    private final String architecture;
    private final String modelType;

    ModelFamily(String architecture, String modelType) {
        this.architecture = architecture;
        this.modelType = modelType;
    }

    public String architecture() {
        return architecture;
    }

    public String modelType() {
        return modelType;
    }

    /** DeepSeek-V2/V3: Multi-head Latent Attention, grouped routing, shared experts. */
    public boolean isDeepseek() {
        return this == DEEPSEEK_V2 || this == DEEPSEEK_V3;
    }

    static ModelFamily fromArchitecture(String name) {
        for (ModelFamily f : values()) {
            if (f.architecture.equals(name)) {
                return f;
            }
        }
        throw new ConfigException("architectures", "unsupported architecture '" + name + "'; supported: "
                + Arrays.stream(values()).map(ModelFamily::architecture).toList());
    }

    static ModelFamily fromModelType(String type) {
        for (ModelFamily f : values()) {
            if (f.modelType.equals(type)) {
                return f;
            }
        }
        throw new ConfigException("model_type", "unsupported model_type '" + type + "'; supported: "
                + Arrays.stream(values()).map(ModelFamily::modelType).toList());
    }
}
