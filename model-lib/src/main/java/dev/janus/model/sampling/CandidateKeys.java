package dev.janus.model.sampling;

/**
 * Packs (logit, token id) into one {@code long} whose natural ascending order is "logit descending,
 * then id ascending", so candidate lists sort with {@link java.util.Arrays#sort(long[], int, int)}
 * (primitive, no boxing) and every tie is broken towards the lower id, as greedy argmax does.
 * High 32 bits: the complemented order-preserving integer image of the float; low 32 bits: the id.
 */
final class CandidateKeys {

    private CandidateKeys() {
    }

    static long key(float logit, int id) {
        int bits = Float.floatToRawIntBits(logit + 0.0f); // + 0.0f folds -0.0 into 0.0 so they tie
        int sortable = bits ^ ((bits >> 31) & 0x7FFFFFFF);
        return ((long) ~sortable << 32) | (id & 0xFFFFFFFFL);
    }

    static int id(long key) {
        return (int) key;
    }

    static float logit(long key) {
        int sortable = ~(int) (key >> 32);
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7FFFFFFF));
    }

    /** True for logits that can be chosen: NaN and -inf (masked tokens) never are. */
    static boolean selectable(float logit) {
        return logit > Float.NEGATIVE_INFINITY;
    }

    /**
     * The best {@code k} of {@code logits[off, off + n)} into {@code out[0, count)}, best first;
     * returns count = min(k, number of selectable logits). O(n log k) with a bounded max-heap
     * whose root is the worst kept candidate — no full sort of the vocabulary.
     */
    static int selectTop(float[] logits, int off, int n, int k, long[] out) {
        int size = 0;
        for (int i = 0; i < n; i++) {
            float v = logits[off + i];
            if (!selectable(v)) {
                continue;
            }
            long key = key(v, i);
            if (size < k) {
                out[size] = key;
                siftUp(out, size++);
            } else if (key < out[0]) {
                out[0] = key;
                siftDown(out, size);
            }
        }
        java.util.Arrays.sort(out, 0, size);
        return size;
    }

    private static void siftUp(long[] heap, int i) {
        long x = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] >= x) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = x;
    }

    private static void siftDown(long[] heap, int size) {
        long x = heap[0];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] > heap[child]) {
                child++;
            }
            if (heap[child] <= x) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = x;
    }
}
