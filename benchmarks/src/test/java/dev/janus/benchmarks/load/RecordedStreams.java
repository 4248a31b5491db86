package dev.janus.benchmarks.load;

/** Streams recorded from attention-service (curl -N, embedded default model, 2026-11-24). */
final class RecordedStreams {

    /** POST /v1/completions, prompt [101,202,303], max_tokens 5, ignore_eos, stream_options.include_usage. */
    static final String COMPLETION = """
            data: {"id":"cmpl-115c3e857975870843b8d5a0","object":"text_completion","created":1795498424,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"text":"x","logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"cmpl-115c3e857975870843b8d5a0","object":"text_completion","created":1795498424,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"text":"L","logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"cmpl-115c3e857975870843b8d5a0","object":"text_completion","created":1795498424,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"text":"at","logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"cmpl-115c3e857975870843b8d5a0","object":"text_completion","created":1795498424,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"text":" friend","logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"cmpl-115c3e857975870843b8d5a0","object":"text_completion","created":1795498424,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"text":" 72","logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"cmpl-115c3e857975870843b8d5a0","object":"text_completion","created":1795498424,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"text":"","logprobs":null,"finish_reason":"length"}],"usage":null}

            data: {"id":"cmpl-115c3e857975870843b8d5a0","object":"text_completion","created":1795498424,"model":"default-small-mixtral","system_fingerprint":null,"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}

            data: [DONE]

            """;

    /** POST /v1/chat/completions through the gateway, max_tokens 4: a role-only first chunk, then 4 tokens. */
    static final String CHAT = """
            data: {"id":"chatcmpl-0813e02a858c64d3c3c6c17c","object":"chat.completion.chunk","created":1795498426,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-0813e02a858c64d3c3c6c17c","object":"chat.completion.chunk","created":1795498426,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"delta":{"content":"ult"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-0813e02a858c64d3c3c6c17c","object":"chat.completion.chunk","created":1795498426,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"delta":{"content":"<"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-0813e02a858c64d3c3c6c17c","object":"chat.completion.chunk","created":1795498426,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"delta":{"content":" from"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-0813e02a858c64d3c3c6c17c","object":"chat.completion.chunk","created":1795498426,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"delta":{"content":"stand"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-0813e02a858c64d3c3c6c17c","object":"chat.completion.chunk","created":1795498426,"model":"default-small-mixtral","system_fingerprint":null,"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}],"usage":null}

            data: {"id":"chatcmpl-0813e02a858c64d3c3c6c17c","object":"chat.completion.chunk","created":1795498426,"model":"default-small-mixtral","system_fingerprint":null,"choices":[],"usage":{"prompt_tokens":18,"completion_tokens":4,"total_tokens":22}}

            data: [DONE]

            """;

    private RecordedStreams() {
    }
}
