package dev.janus.model.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Per worker thread: a float32 copy of a few weight rows, widened once per matmul call from a
 * dtype whose widening is costly (f16: {@link F16Rows}, FP8: {@link Fp8Rows}), that the f32
 * tiles ({@link F32Rows}) then read for every token tile.
 *
 * <p>Why: widening f16 or FP8 inside the tiles costs 6-8 vector operations per weight vector, so
 * C2 does not inline it there ("callee is too large", then NodeCountInliningCutoff) and the
 * vectors get boxed: f16 decoded at 0.12-0.21x of bf16 (docs/benchmarks.md). Widened in a loop
 * of its own, the conversion compiles to straight vector code; the strip then stays in L1/L2,
 * and a row block is widened once per call instead of once per 4-token tile.
 *
 * <p>The strip is a native segment like every weight ({@code SafetensorsFile.plain}): one
 * segment class at the tiles' {@code fromMemorySegment} sites, so C2 keeps eliminating the
 * vector boxes. It grows to the largest strip a thread has needed and is then reused.
 */
final class WeightStrip {

    private static final ThreadLocal<WeightStrip> STRIPS = ThreadLocal.withInitial(WeightStrip::new);

    private MemorySegment segment = MemorySegment.NULL;

    private WeightStrip() {
    }

    /** This thread's strip, at least {@code floats} long (64-byte aligned). */
    static MemorySegment forThread(long floats) {
        WeightStrip strip = STRIPS.get();
        if (strip.segment.byteSize() < floats * Float.BYTES) {
            strip.segment = Arena.ofAuto().allocate(floats * Float.BYTES, 64);
        }
        return strip.segment;
    }
}
