package dev.janus.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Builds the pipeline components from the sections of an HF {@code tokenizer.json}. */
final class TokenizerJsonReader {

    private TokenizerJsonReader() {
    }

    static Normalizer normalizer(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return switch (type(n, "normalizer")) {
            case "NFC" -> new Normalizer.Unicode(java.text.Normalizer.Form.NFC);
            case "NFD" -> new Normalizer.Unicode(java.text.Normalizer.Form.NFD);
            case "NFKC" -> new Normalizer.Unicode(java.text.Normalizer.Form.NFKC);
            case "NFKD" -> new Normalizer.Unicode(java.text.Normalizer.Form.NFKD);
            case "Lowercase" -> new Normalizer.Lowercase();
            case "Prepend" -> new Normalizer.Prepend(n.path("prepend").asText());
            case "Replace" -> new Normalizer.Replace(pattern(n.get("pattern")), n.path("content").asText());
            case "Strip" -> new Normalizer.Strip(n.path("strip_left").asBoolean(true), n.path("strip_right").asBoolean(true));
            case "Sequence" -> new Normalizer.Sequence(list(n.get("normalizers"), TokenizerJsonReader::normalizer));
            default -> throw unsupported("normalizer", n);
        };
    }

    static PreTokenizer preTokenizer(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return switch (type(n, "pre_tokenizer")) {
            case "Split" -> new PreTokenizer.Split(pattern(n.get("pattern")), behavior(n.path("behavior").asText()),
                    n.path("invert").asBoolean(false));
            case "ByteLevel" -> new PreTokenizer.ByteLevel(n.path("add_prefix_space").asBoolean(true),
                    n.path("use_regex").asBoolean(true));
            case "Metaspace" -> new PreTokenizer.Metaspace(n.path("replacement").asText("\u2581"), prependScheme(n),
                    n.path("split").asBoolean(true));
            case "Digits" -> new PreTokenizer.Digits(n.path("individual_digits").asBoolean(false));
            // HF Whitespace keeps \w+ and [^\w\s]+ runs; WhitespaceSplit drops whitespace runs
            case "Whitespace" -> new PreTokenizer.Split(Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS),
                    PreTokenizer.Behavior.REMOVED, true);
            case "WhitespaceSplit" -> new PreTokenizer.Split(Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS),
                    PreTokenizer.Behavior.REMOVED, false);
            case "Sequence" -> new PreTokenizer.Sequence(list(n.get("pretokenizers"), TokenizerJsonReader::preTokenizer));
            default -> throw unsupported("pre_tokenizer", n);
        };
    }

    static PostProcessor postProcessor(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return switch (type(n, "post_processor")) {
            case "ByteLevel" -> new PostProcessor.Identity();
            case "TemplateProcessing" -> template(n);
            case "BertProcessing", "RobertaProcessing" -> new PostProcessor.Template(List.of(
                    new int[] {n.get("cls").get(1).asInt()}, null, new int[] {n.get("sep").get(1).asInt()}));
            case "Sequence" -> new PostProcessor.Sequence(list(n.get("processors"), TokenizerJsonReader::postProcessor));
            default -> throw unsupported("post_processor", n);
        };
    }

    static Decoder decoder(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return switch (type(n, "decoder")) {
            case "ByteLevel" -> new Decoder.ByteLevel();
            case "Metaspace" -> new Decoder.Metaspace(n.path("replacement").asText("\u2581").charAt(0),
                    !prependScheme(n).equals("never"));
            case "Replace" -> new Decoder.Replace(pattern(n.get("pattern")), n.path("content").asText());
            case "ByteFallback" -> new Decoder.ByteFallback();
            case "Fuse" -> new Decoder.Fuse();
            case "Strip" -> new Decoder.Strip(n.path("content").asText(" ").codePointAt(0), n.path("start").asInt(0),
                    n.path("stop").asInt(0));
            case "Sequence" -> new Decoder.Sequence(list(n.get("decoders"), TokenizerJsonReader::decoder));
            default -> throw unsupported("decoder", n);
        };
    }

    static BpeModel model(JsonNode n) {
        if (n == null || !"BPE".equals(n.path("type").asText("BPE")) || !n.has("merges")) {
            throw new TokenizerException("unsupported tokenizer model type '" + (n == null ? null : n.path("type").asText())
                    + "': only BPE is implemented");
        }
        if (n.path("dropout").asDouble(0) > 0) {
            throw new TokenizerException("unsupported BPE option dropout=" + n.get("dropout") + " (training-only)");
        }
        for (String option : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
            if (!n.path(option).asText("").isEmpty()) {
                throw new TokenizerException("unsupported BPE option " + option + "=" + n.get(option));
            }
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        n.get("vocab").properties().forEach(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        List<String[]> merges = new ArrayList<>();
        for (JsonNode m : n.get("merges")) {
            if (m.isArray()) {
                merges.add(new String[] {m.get(0).asText(), m.get(1).asText()});
            } else {
                String s = m.asText();
                int space = s.indexOf(' ');
                if (space < 0) {
                    throw new TokenizerException("malformed BPE merge '" + s + "'");
                }
                merges.add(new String[] {s.substring(0, space), s.substring(space + 1)});
            }
        }
        JsonNode unk = n.get("unk_token");
        return new BpeModel(vocab, merges, unk == null || unk.isNull() ? null : unk.asText(),
                n.path("fuse_unk").asBoolean(false), n.path("byte_fallback").asBoolean(false),
                n.path("ignore_merges").asBoolean(false));
    }

    static List<AddedVocabulary.AddedToken> addedTokens(JsonNode n) {
        List<AddedVocabulary.AddedToken> tokens = new ArrayList<>();
        if (n != null) {
            for (JsonNode t : n) {
                tokens.add(new AddedVocabulary.AddedToken(t.get("id").asInt(), t.get("content").asText(),
                        t.path("special").asBoolean(false), t.path("normalized").asBoolean(!t.path("special").asBoolean(false)),
                        t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false),
                        t.path("single_word").asBoolean(false)));
            }
        }
        return tokens;
    }

    private static PostProcessor template(JsonNode n) {
        List<int[]> items = new ArrayList<>();
        for (JsonNode item : n.get("single")) {
            if (item.has("Sequence")) {
                items.add(null);
            } else {
                String name = item.get("SpecialToken").get("id").asText();
                JsonNode special = n.path("special_tokens").get(name);
                if (special == null) {
                    throw new TokenizerException("TemplateProcessing uses special token " + name + " without ids");
                }
                int[] ids = new int[special.get("ids").size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = special.get("ids").get(i).asInt();
                }
                items.add(ids);
            }
        }
        return new PostProcessor.Template(items);
    }

    /** Metaspace prepend_scheme, or the legacy add_prefix_space flag. */
    private static String prependScheme(JsonNode n) {
        if (n.has("prepend_scheme")) {
            return n.get("prepend_scheme").asText();
        }
        return n.path("add_prefix_space").asBoolean(true) ? "always" : "never";
    }

    private static PreTokenizer.Behavior behavior(String name) {
        return switch (name) {
            case "Removed" -> PreTokenizer.Behavior.REMOVED;
            case "Isolated" -> PreTokenizer.Behavior.ISOLATED;
            case "MergedWithPrevious" -> PreTokenizer.Behavior.MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> PreTokenizer.Behavior.MERGED_WITH_NEXT;
            case "Contiguous" -> PreTokenizer.Behavior.CONTIGUOUS;
            default -> throw new TokenizerException("unsupported Split behavior '" + name + "'");
        };
    }

    /** HF pattern: {"String": literal} or {"Regex": Oniguruma regex, compatible with java.util.regex here}. */
    private static Pattern pattern(JsonNode p) {
        if (p != null && p.has("String")) {
            return Pattern.compile(Pattern.quote(p.get("String").asText()));
        }
        if (p != null && p.has("Regex")) {
            try {
                return Pattern.compile(p.get("Regex").asText(), Pattern.UNICODE_CHARACTER_CLASS);
            } catch (PatternSyntaxException e) {
                throw new TokenizerException("cannot compile tokenizer regex " + p.get("Regex"), e);
            }
        }
        throw new TokenizerException("unsupported pattern " + p);
    }

    private static String type(JsonNode n, String component) {
        if (!n.has("type")) {
            throw new TokenizerException(component + " without a type: " + n);
        }
        return n.get("type").asText();
    }

    private static TokenizerException unsupported(String component, JsonNode n) {
        return new TokenizerException("unsupported " + component + " type '" + n.get("type").asText() + "'");
    }

    private static <T> List<T> list(JsonNode array, java.util.function.Function<JsonNode, T> parse) {
        List<T> out = new ArrayList<>();
        if (array != null) {
            array.forEach(e -> out.add(parse.apply(e)));
        }
        return out;
    }
}
