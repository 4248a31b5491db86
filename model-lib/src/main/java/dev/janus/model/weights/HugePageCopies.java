package dev.janus.model.weights;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * {@link WeightMemory#HUGE_PAGES}: copies of weight tensors in anonymous memory advised for
 * transparent huge pages. Memory comes from Linux {@code mmap(MAP_PRIVATE | MAP_ANONYMOUS)} in
 * chunks of at least {@value #CHUNK_MIB} MiB whose start is rounded up to a 2 MiB boundary (THP
 * backs only aligned 2 MiB ranges), {@code madvise(MADV_HUGEPAGE)} before the first touch (so the
 * copy's page faults allocate huge pages directly, also where the system's THP mode is
 * {@code madvise}); tensors are placed one after another, each 64-byte aligned. The chunks are
 * unmapped when the store's arena closes, and every copy becomes invalid with it, as the file
 * mapping's slices do.
 */
final class HugePageCopies {

    private static final long HUGE_PAGE = 2L << 20;
    private static final int CHUNK_MIB = 256;
    private static final long ALIGN = 64;
    // Linux, x86-64 and AArch64 alike
    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20, MADV_HUGEPAGE = 14;

    private final Arena arena;
    private MemorySegment chunk = MemorySegment.NULL;
    private long used;
    private long bytes;
    private boolean allAdvised = true;

    HugePageCopies(Arena arena) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            throw new WeightException("weight memory huge-pages needs Linux (mmap + madvise(MADV_HUGEPAGE)); this is "
                    + System.getProperty("os.name") + ": use mapped");
        }
        this.arena = arena;
    }

    /** A copy of {@code source} in huge-page memory. */
    synchronized MemorySegment copyOf(MemorySegment source) {
        long size = source.byteSize();
        long at = (used + ALIGN - 1) & -ALIGN;
        if (chunk.equals(MemorySegment.NULL) || at + size > chunk.byteSize()) {
            chunk = map(Math.max((long) CHUNK_MIB << 20, (size + HUGE_PAGE - 1) & -HUGE_PAGE));
            at = 0;
        }
        MemorySegment copy = chunk.asSlice(at, size);
        copy.copyFrom(source);
        used = at + size;
        bytes += size;
        return copy.asReadOnly(); // read-only like the mapping's slices (SafetensorsFile.plain: one segment class)
    }

    /** Bytes copied so far. */
    synchronized long bytes() {
        return bytes;
    }

    /** Whether the kernel accepted MADV_HUGEPAGE for every chunk (false: THP disabled or absent). */
    synchronized boolean advised() {
        return allAdvised;
    }

    private MemorySegment map(long size) {
        long length = size + HUGE_PAGE; // room to round the start up to a 2 MiB boundary
        try {
            MemorySegment base = (MemorySegment) Native.MMAP.invokeExact(MemorySegment.NULL, length, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
            if (base.address() == -1L) {
                throw new WeightException("mmap of " + (length >> 20) + " MiB of anonymous memory for huge-page "
                        + "weights failed (out of memory or address space?)");
            }
            long aligned = (base.address() + HUGE_PAGE - 1) & -HUGE_PAGE;
            int advice = (int) Native.MADVISE.invokeExact(MemorySegment.ofAddress(aligned), size, MADV_HUGEPAGE);
            allAdvised &= advice == 0;
            long start = base.address();
            // the whole mapping is unmapped with the arena; the aligned part is what tensors use
            MemorySegment.ofAddress(start).reinterpret(length, arena, s -> unmap(start, length));
            return MemorySegment.ofAddress(aligned).reinterpret(size, arena, null);
        } catch (WeightException e) {
            throw e;
        } catch (Throwable t) {
            throw new WeightException("huge-page weight memory: " + t, t);
        }
    }

    private static void unmap(long address, long length) {
        try {
            int _ = (int) Native.MUNMAP.invokeExact(MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw new IllegalStateException("munmap failed", t);
        }
    }

    /** libc's mmap, madvise and munmap, looked up on first use. */
    private static final class Native {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup LIBC = LINKER.defaultLookup();
        static final MethodHandle MMAP = handle("mmap",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
        static final MethodHandle MADVISE = handle("madvise", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        static final MethodHandle MUNMAP = handle("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

        private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
            return LINKER.downcallHandle(LIBC.find(name).orElseThrow(
                    () -> new WeightException("libc has no " + name + ": weight memory huge-pages is unavailable")), descriptor);
        }
    }
}
