package dev.janus.model.weights;

import java.util.Locale;

/**
 * Where the weights a forward pass reads live.
 * <ul>
 *   <li>{@link #MAPPED} (default): slices of the read-only file mapping. Nothing is copied, the
 *       page cache is shared between processes (expert-services of one machine, epochs of one
 *       expert-service) and loading costs only the header parsing; the pages are 4 KiB.</li>
 *   <li>{@link #HUGE_PAGES}: every weight matrix the model uses is copied at load into anonymous
 *       memory advised for transparent huge pages ({@code madvise(MADV_HUGEPAGE)}, Linux): 2 MiB
 *       pages, so a decode step's stream over the weights takes ~512x fewer TLB misses and the
 *       hardware prefetcher is not stopped at every 4 KiB boundary. Costs the copy at load (disk
 *       read speed) and private memory for the weights used, not shared with other processes.</li>
 * </ul>
 */
public enum WeightMemory {
    MAPPED,
    HUGE_PAGES;

    /** {@code mapped} or {@code huge-pages} (case and {@code _} / {@code -} ignored). */
    public static WeightMemory parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "mapped" -> MAPPED;
            case "huge-pages" -> HUGE_PAGES;
            default -> throw new IllegalArgumentException("weight memory '" + name + "': use mapped or huge-pages");
        };
    }

    /** The name {@link #parse} reads. */
    public String label() {
        return this == MAPPED ? "mapped" : "huge-pages";
    }
}
