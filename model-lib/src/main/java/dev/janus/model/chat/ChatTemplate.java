package dev.janus.model.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.janus.model.tokenizer.TokenizerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;

/**
 * Renders a model's Jinja {@code chat_template} as HF {@code apply_chat_template} does, on
 * HubSpot Jinjava configured like HF's environment (trim_blocks, lstrip_blocks, no trailing
 * newline) with HF's globals ({@code raise_exception}, {@code strftime_now}, Python-style
 * {@code tojson}), Python string/dict methods and Python slices (see {@link TemplateSource}).
 * Variables: {@code messages}, {@code add_generation_prompt}, the special tokens of
 * tokenizer_config.json ({@code bos_token}, {@code eos_token}, ...) and any extra kwargs
 * (e.g. {@code enable_thinking}, {@code tools}). Thread-safe.
 */
public final class ChatTemplate {

    private static final List<String> SPECIAL_TOKEN_KEYS = List.of("bos_token", "eos_token", "unk_token", "pad_token");

    /** Jinjava's opt-in Jinja2 behaviours (not LegacyOverrides.ALL: WhitespaceRequiredWithinTokens breaks "{%-"). */
    private static final LegacyOverrides JINJA2_COMPATIBLE = LegacyOverrides.newBuilder()
            .withEvaluateMapKeys(true)
            .withIterateOverMapKeys(true)
            .withUsePyishObjectMapper(true)
            .withUseNaturalOperatorPrecedence(true)
            .withParseWhitespaceControlStrictly(true)
            .withAllowAdjacentTextNodes(true)
            .withUseTrimmingForNotesAndExpressions(true)
            .withKeepNullableLoopValues(true)
            .withHandleBackslashInQuotesOnly(true)
            .build();

    private final String source;
    private final String prepared;
    private final Map<String, Object> specialTokens;
    private final Jinjava jinjava;

    private ChatTemplate(String source, Map<String, Object> specialTokens) {
        this.source = source;
        this.prepared = TemplateSource.prepare(source);
        this.specialTokens = Map.copyOf(specialTokens);
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PyResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withKeepTrailingNewline(true) // TemplateSource drops the one trailing newline, as Jinja2
                .withNestedInterpretationEnabled(false) // message text is data, never template code
                .withFailOnUnknownTokens(false)
                .withLegacyOverrides(JINJA2_COMPATIBLE)
                .withElResolver(resolver)
                .build();
        jinjava = new Jinjava(config);
        var globals = jinjava.getGlobalContext();
        globals.registerFunction(new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class,
                "raiseException", Object.class));
        globals.registerFunction(new ELFunctionDefinition("", "strftime_now", TemplateFunctions.class,
                "strftimeNow", Object.class));
        globals.registerFunction(new ELFunctionDefinition("", TemplateSource.SLICE_FUNCTION, PySlice.class,
                "of", Object.class, Object.class, Object.class));
        globals.registerFilter(new TemplateFunctions.ToJson());
    }

    /** A template with the given special-token strings (null ones are left undefined). */
    public static ChatTemplate of(String template, String bosToken, String eosToken) {
        Map<String, Object> tokens = new HashMap<>();
        if (bosToken != null) {
            tokens.put("bos_token", bosToken);
        }
        if (eosToken != null) {
            tokens.put("eos_token", eosToken);
        }
        return new ChatTemplate(template, tokens);
    }

    /**
     * Reads the template of a model directory: {@code chat_template.jinja} if present, else
     * tokenizer_config.json {@code chat_template} (a string, or a list of named templates of
     * which "default" is used), with its special tokens.
     */
    public static ChatTemplate load(Path modelDir) {
        Path configFile = modelDir.resolve("tokenizer_config.json");
        try {
            JsonNode config = Files.exists(configFile) ? new ObjectMapper().readTree(configFile.toFile()) : null;
            Map<String, Object> tokens = new HashMap<>();
            for (String key : SPECIAL_TOKEN_KEYS) {
                JsonNode t = config == null ? null : config.get(key);
                if (t != null && !t.isNull()) {
                    tokens.put(key, t.isObject() ? t.path("content").asText() : t.asText());
                }
            }
            Path jinjaFile = modelDir.resolve("chat_template.jinja");
            if (Files.exists(jinjaFile)) {
                return new ChatTemplate(Files.readString(jinjaFile), tokens);
            }
            JsonNode template = config == null ? null : config.get("chat_template");
            if (template != null && template.isArray()) {
                for (JsonNode named : template) {
                    if ("default".equals(named.path("name").asText())) {
                        template = named.get("template");
                    }
                }
            }
            if (template == null || !template.isTextual()) {
                throw new TokenizerException("no chat_template in " + modelDir);
            }
            return new ChatTemplate(template.asText(), tokens);
        } catch (IOException e) {
            throw new TokenizerException("cannot read chat template of " + modelDir + ": " + e.getMessage(), e);
        }
    }

    /** {@link #render(List, boolean, Map)} without extra variables. */
    public String render(List<? extends Map<String, ?>> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * Renders the conversation. Messages are maps with {@code role} and {@code content} and
     * optionally {@code tool_calls}, {@code reasoning_content}, ...; {@code kwargs} are extra
     * template variables (HF {@code chat_template_kwargs}), overriding the special tokens.
     *
     * @throws TokenizerException for a template error or a {@code raise_exception} call
     */
    public String render(List<? extends Map<String, ?>> messages, boolean addGenerationPrompt, Map<String, ?> kwargs) {
        Map<String, Object> bindings = new HashMap<>(specialTokens);
        bindings.putAll(kwargs);
        bindings.put("messages", messages);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        RenderResult result = jinjava.renderForResult(prepared, bindings);
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new TokenizerException(describe(error));
            }
        }
        return result.getOutput();
    }

    /** The template text as read (before the Python-ism rewrite). */
    public String source() {
        return source;
    }

    private static String describe(TemplateError error) {
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
            if (t instanceof TemplateFunctions.RaisedException raised) {
                return "chat template raised an exception: " + raised.getMessage();
            }
        }
        return "chat template error at line " + error.getLineno() + ": " + error.getMessage();
    }
}
