package dev.janus.attention.api;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Legacy completions' logprobs: parallel lists per token; the first echoed prompt token has a
 * null logprob and null top_logprobs.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CompletionLogprobs(List<String> tokens, List<Float> tokenLogprobs, List<Map<String, Float>> topLogprobs,
                          List<Integer> textOffset) {
}
