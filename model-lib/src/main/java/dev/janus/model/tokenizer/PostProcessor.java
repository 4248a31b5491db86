package dev.janus.model.tokenizer;

import java.util.List;

/** HF {@code processors} for a single sequence, applied when add_special_tokens is true. */
sealed interface PostProcessor {

    int[] process(int[] ids);

    /** ByteLevel only trims offsets, which we do not track: ids pass through. */
    record Identity() implements PostProcessor {
        @Override
        public int[] process(int[] ids) {
            return ids;
        }
    }

    /**
     * HF TemplateProcessing, "single" template: each item is either the sequence ({@code null})
     * or the ids of a special token.
     */
    record Template(List<int[]> items) implements PostProcessor {
        @Override
        public int[] process(int[] ids) {
            IntList out = new IntList(ids.length + 4);
            for (int[] item : items) {
                out.addAll(item == null ? ids : item);
            }
            return out.toArray();
        }
    }

    record Sequence(List<PostProcessor> steps) implements PostProcessor {
        @Override
        public int[] process(int[] ids) {
            for (PostProcessor p : steps) {
                ids = p.process(ids);
            }
            return ids;
        }
    }
}
