package dev.janus.model.weights;

import dev.janus.model.json.PythonJson;
import dev.janus.model.tensor.Bf16Tensor;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Float8E4m3;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes safetensors files byte-identical to HF {@code safetensors.torch.save_file(tensors, f,
 * metadata={"format": "pt"})}: 8-byte little-endian header length, compact JSON header with
 * {@code __metadata__} first and the tensors in the order the Rust crate sorts them (dtype
 * alignment descending — F32, BF16, F16, F8_E4M3 — then name, byte-wise), {@code data_offsets} relative to
 * the end of the header, header padded with spaces to a multiple of 8, then the raw data in the
 * same order.
 *
 * <p>Streaming: each tensor's bytes come from a {@link Content} callback through a reusable 1 MiB
 * buffer and positional {@link FileChannel} writes, so a multi-GB model never sits on the heap and
 * several tensors are written in parallel (offsets are known from the shapes up front).
 *
 * <p>{@link #writeModel} also shards like HF {@code save_pretrained(max_shard_size=...)}
 * ({@code split_torch_state_dict_into_shards}): tensors in the caller's order fill a shard until the
 * next one would exceed the limit; a tensor larger than the limit gets a shard of its own; more than
 * one shard gives {@code model-0000i-of-0000n.safetensors} plus {@code model.safetensors.index.json}.
 */
public final class SafetensorsWriter {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    private static final int BUFFER_BYTES = 1 << 20;

    private SafetensorsWriter() {
    }

    /** Produces a tensor's bytes in order by calling {@link Sink#put(float)} / {@link Sink#putRaw}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Sink sink) throws IOException;
    }

    /** Called after every buffer flush, from writer threads; must be thread-safe. */
    @FunctionalInterface
    public interface Progress {
        void written(long bytesDone, long bytesTotal);
    }

    /** One tensor to write; {@code content} must produce exactly {@link #byteSize()} bytes. */
    public record Tensor(String name, DType dtype, long[] shape, Content content) {

        public Tensor {
            if (name == null || name.isEmpty() || name.equals("__metadata__")) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "'");
            }
            java.util.Objects.requireNonNull(dtype, "dtype");
            java.util.Objects.requireNonNull(content, "content");
            shape = shape.clone();
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("tensor " + name + ": negative dimension in " + Arrays.toString(shape));
                }
            }
        }

        public long elementCount() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        public long byteSize() {
            return Math.multiplyExact(elementCount(), dtype.bytes());
        }
    }

    /**
     * @param threads       tensors written concurrently (1 = in the calling thread)
     * @param maxShardBytes shard limit in bytes of tensor data, 0 for a single file
     * @param progress      progress callback, or null
     */
    public record Options(int threads, long maxShardBytes, Progress progress) {
        public Options {
            if (threads < 1 || maxShardBytes < 0) {
                throw new IllegalArgumentException("threads must be >= 1 and maxShardBytes >= 0");
            }
        }

        public static Options singleThreaded() {
            return new Options(1, 0, null);
        }
    }

    /** Writes one safetensors file in the calling thread. */
    public static void write(Path file, List<Tensor> tensors) throws IOException {
        writeFiles(List.of(new Shard(file, tensors)), Options.singleThreaded());
    }

    /**
     * Writes {@code model.safetensors}, or shards plus index, into {@code dir}; returns the files
     * written (safetensors files first, then the index when there is one).
     */
    public static List<Path> writeModel(Path dir, List<Tensor> tensors, Options options) throws IOException {
        checkUniqueNames(tensors);
        List<List<Tensor>> groups = splitIntoShards(tensors, options.maxShardBytes());
        List<Shard> shards = new ArrayList<>();
        if (groups.size() == 1) {
            shards.add(new Shard(dir.resolve(SINGLE_FILE), groups.getFirst()));
        } else {
            for (int i = 0; i < groups.size(); i++) {
                String file = String.format("model-%05d-of-%05d.safetensors", i + 1, groups.size());
                shards.add(new Shard(dir.resolve(file), groups.get(i)));
            }
        }
        Files.createDirectories(dir);
        writeFiles(shards, options);
        List<Path> written = new ArrayList<>(shards.stream().map(Shard::file).toList());
        if (shards.size() > 1) {
            Path index = dir.resolve(INDEX_FILE);
            Files.writeString(index, indexJson(shards), StandardCharsets.UTF_8);
            written.add(index);
        }
        return written;
    }

    /** HF {@code split_torch_state_dict_into_shards}; limit 0 = one shard. */
    static List<List<Tensor>> splitIntoShards(List<Tensor> tensors, long limit) {
        List<List<Tensor>> shards = new ArrayList<>();
        List<Tensor> current = new ArrayList<>();
        long currentSize = 0;
        for (Tensor t : tensors) {
            long size = t.byteSize();
            if (limit > 0 && size > limit) {
                shards.add(List.of(t));
                continue;
            }
            if (limit > 0 && currentSize + size > limit) {
                shards.add(current);
                current = new ArrayList<>();
                currentSize = 0;
            }
            current.add(t);
            currentSize += size;
        }
        if (!current.isEmpty() || shards.isEmpty()) {
            shards.add(current);
        }
        return shards;
    }

    private record Shard(Path file, List<Tensor> tensors) {
    }

    /** A tensor placed in a file: absolute byte position of its data. */
    private record Placed(Tensor tensor, FileChannel channel, long position) {
    }

    private static void writeFiles(List<Shard> shards, Options options) throws IOException {
        List<FileChannel> channels = new ArrayList<>();
        List<Placed> placed = new ArrayList<>();
        long total = 0;
        boolean ok = false;
        try {
            for (Shard shard : shards) {
                checkUniqueNames(shard.tensors());
                List<Tensor> sorted = new ArrayList<>(shard.tensors());
                sorted.sort(FILE_ORDER);
                byte[] header = header(sorted);
                FileChannel ch = FileChannel.open(shard.file(), StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                channels.add(ch);
                ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
                prefix.putLong(header.length).put(header).flip();
                writeFully(ch, prefix, 0);
                long pos = prefix.capacity();
                for (Tensor t : sorted) {
                    placed.add(new Placed(t, ch, pos));
                    pos += t.byteSize();
                    total += t.byteSize();
                }
            }
            // Largest first keeps the workers busy until the end (embeddings vs. small norms).
            placed.sort(Comparator.comparingLong((Placed p) -> p.tensor().byteSize()).reversed());
            writeData(placed, total, options);
            ok = true;
        } finally {
            for (FileChannel ch : channels) {
                ch.close();
            }
            if (!ok) {
                for (Shard s : shards) {
                    Files.deleteIfExists(s.file());
                }
            }
        }
    }

    private static void writeData(List<Placed> placed, long total, Options options) throws IOException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        int workers = Math.max(1, Math.min(options.threads(), placed.size()));
        if (workers == 1) {
            drain(placed, next, new Sink(done, total, options.progress()));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("safetensors-writer-", 0).factory());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    drain(placed, next, new Sink(done, total, options.progress()));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    next.set(placed.size()); // stop the other workers early
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing tensors", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void drain(List<Placed> placed, AtomicInteger next, Sink sink) throws IOException {
        for (int i = next.getAndIncrement(); i < placed.size(); i = next.getAndIncrement()) {
            Placed p = placed.get(i);
            sink.begin(p);
            p.tensor().content().writeTo(sink);
            sink.finish();
        }
    }

    /** safetensors Rust {@code prepare}: dtype descending in the crate's enum order, then name (UTF-8 bytes). */
    private static final Comparator<Tensor> FILE_ORDER = Comparator
            .comparingInt((Tensor t) -> -crateDtypeRank(t.dtype()))
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.name().getBytes(StandardCharsets.UTF_8),
                    b.name().getBytes(StandardCharsets.UTF_8)));

    /** Position in the Rust {@code Dtype} enum (… F16, BF16, … F32 …), which derives Ord. */
    private static int crateDtypeRank(DType d) {
        return switch (d) {
            case I8 -> 2;
            case F8_E4M3 -> 4;
            case F16 -> 7;
            case BF16 -> 8;
            case I32 -> 9;
            case F32 -> 11;
            case I64 -> 13;
        };
    }

    /** serde_json compact header, padded with spaces to a multiple of 8. */
    static byte[] header(List<Tensor> sorted) {
        StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        for (Tensor t : sorted) {
            json.append(',');
            PythonJson.appendString(json, t.name(), false); // serde_json escapes as ensure_ascii=False
            json.append(":{\"dtype\":\"").append(t.dtype().safetensorsName()).append("\",\"shape\":[");
            for (int i = 0; i < t.shape().length; i++) {
                json.append(i == 0 ? "" : ",").append(t.shape()[i]);
            }
            long end = offset + t.byteSize();
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(raw, (raw.length + 7) & ~7);
        Arrays.fill(padded, raw.length, padded.length, (byte) ' ');
        return padded;
    }

    /** transformers' index: {@code json.dumps(index, indent=2, sort_keys=True) + "\n"}. */
    private static String indexJson(List<Shard> shards) {
        Map<String, String> weightMap = new TreeMap<>();
        long total = 0;
        for (Shard s : shards) {
            for (Tensor t : s.tensors()) {
                weightMap.put(t.name(), s.file().getFileName().toString());
                total += t.byteSize();
            }
        }
        StringBuilder sb = new StringBuilder("{\n  \"metadata\": {\n    \"total_size\": ").append(total)
                .append("\n  },\n  \"weight_map\": {");
        String sep = "\n";
        for (Map.Entry<String, String> e : weightMap.entrySet()) {
            sb.append(sep).append("    ");
            PythonJson.appendString(sb, e.getKey(), false);
            sb.append(": ");
            PythonJson.appendString(sb, e.getValue(), false);
            sep = ",\n";
        }
        return sb.append("\n  }\n}\n").toString();
    }

    private static void checkUniqueNames(List<Tensor> tensors) {
        var seen = new HashSet<String>();
        for (Tensor t : tensors) {
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            position += ch.write(buf, position);
        }
    }

    /**
     * Receives one tensor's bytes, encodes floats in the tensor's dtype (bf16: round to nearest
     * even, as torch; F8_E4M3: {@link Float8E4m3#fromFloat}), and flushes full buffers to the file. One per worker thread, reused. The
     * buffer is a heap array written through byte-array VarHandles: on the hot path
     * ({@link #put(float)}, billions of calls for a large model) that is a plain store, where
     * direct-ByteBuffer puts cost several times more.
     */
    public static final class Sink {
        private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
        private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

        private final byte[] bytes = new byte[BUFFER_BYTES];
        private final ByteBuffer view = ByteBuffer.wrap(bytes);
        private final AtomicLong done;
        private final long total;
        private final Progress progress;
        private Placed current;
        private DType dtype;
        private int pos;        // filled bytes of the buffer
        private long written;   // bytes of the current tensor already flushed

        private Sink(AtomicLong done, long total, Progress progress) {
            this.done = done;
            this.total = total;
            this.progress = progress;
        }

        public DType dtype() {
            return dtype;
        }

        /** Appends one element, converted to the tensor's dtype. */
        public void put(float value) throws IOException {
            if (pos > BUFFER_BYTES - 4) {
                flush();
            }
            switch (dtype) {
                case BF16 -> {
                    SHORT_LE.set(bytes, pos, Bf16Tensor.fromFloat(value));
                    pos += 2;
                }
                case F16 -> {
                    SHORT_LE.set(bytes, pos, Float.floatToFloat16(value));
                    pos += 2;
                }
                case F32 -> {
                    FLOAT_LE.set(bytes, pos, value);
                    pos += 4;
                }
                case F8_E4M3 -> bytes[pos++] = Float8E4m3.fromFloat(value); // saturating, round to nearest even
                case I8 -> bytes[pos++] = int8(value);
                case I32, I64 -> throw new IllegalStateException(dtype + " elements are written with putRaw");
            }
        }

        /** An I8 element: the caller quantized it, so it must already be an integer in [-128, 127]. */
        private static byte int8(float value) {
            if (value != Math.rint(value) || value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
                throw new IllegalArgumentException("I8 element " + value + " is not an integer in [-128, 127]");
            }
            return (byte) value;
        }

        /** Appends raw little-endian bytes (from position to limit). */
        public void putRaw(ByteBuffer src) throws IOException {
            while (src.hasRemaining()) {
                if (pos == BUFFER_BYTES) {
                    flush();
                }
                int n = Math.min(BUFFER_BYTES - pos, src.remaining());
                src.get(bytes, pos, n);
                pos += n;
            }
        }

        private void begin(Placed p) {
            current = p;
            dtype = p.tensor().dtype();
            written = 0;
            pos = 0;
        }

        private void flush() throws IOException {
            Tensor t = current.tensor();
            if (written + pos > t.byteSize()) {
                throw new IOException("tensor " + t.name() + " produced more than its " + t.byteSize() + " bytes");
            }
            int n = pos;
            view.clear().limit(n);
            writeFully(current.channel(), view, current.position() + written);
            pos = 0;
            written += n;
            long now = done.addAndGet(n);
            if (progress != null && n > 0) {
                progress.written(now, total);
            }
        }

        private void finish() throws IOException {
            flush();
            Tensor t = current.tensor();
            if (written != t.byteSize()) {
                throw new IOException("tensor " + t.name() + " produced " + written + " bytes, expected " + t.byteSize());
            }
        }
    }
}
