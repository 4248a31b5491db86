#!/usr/bin/env bash
# The ONE script of issue 14 for the GPU machine (one H100/H200, driver 580, PyTorch, no Java, no
# network). Runs from the repository root:
#   1. every GPU test (cuda-backend's test jar: each kernel against model-lib's CPU reference,
#      the fixtures' golden logits / greedy tokens on cuda) with -Djanus.cuda.required=true, so a
#      missing device fails instead of skipping;
#   2. the grouped expert FFN benchmark (Mixtral-8x7B- and DeepSeek-V3-shaped layers, 1..4096 tokens);
#   3. decode tokens/s of the medium preset at batch 1, 16, 64 on cuda, then the PyTorch peer
#      (gpu/torch_decode_peer.py: our own PyTorch forward and transformers) on the same model and GPU.
# Results go to $OUT (the device tool's folder) or ./gpu-out: at most 8 files. Exit status: the
# tests' (0 = all passed); 2 = no GPU here; 3 = no bundle (build it first: gpu/build-bundle.sh,
# then carry cuda-backend/target/gpu-bundle). See docs/gpu.md.
# JANUS_GPU_BUNDLE_CHECK=1 on a machine without a GPU runs step 1 only, the GPU tests skipping:
# a check that the bundle's runtime, class path and test discovery work before GPU time is spent.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${OUT:-$root/gpu-out}"
mkdir -p "$out"
bundle=cuda-backend/target/gpu-bundle/janus-gpu.tar.xz
summary="$out/summary.txt"

check="${JANUS_GPU_BUNDLE_CHECK:-0}"
if [[ $check != 1 ]] && { ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; }; then
    echo "no NVIDIA GPU here (nvidia-smi is missing or finds no device): the GPU tests and benchmarks need one;" \
         "run this script on the GPU machine (docs/gpu.md)" | tee "$summary" >&2
    exit 2
fi
if [[ ! -f $bundle ]]; then
    echo "no $bundle: build it with gpu/build-bundle.sh on a build machine and carry cuda-backend/target/gpu-bundle" \
        | tee "$summary" >&2
    exit 3
fi

work="${TMPDIR:-/tmp}/janus-gpu"
rm -rf "$work"
mkdir -p "$work"
tar -C "$work" -xJf "$bundle"
java=("$work/jdk/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC)
cp="$work/lib/*"                                   # the JVM expands this wildcard ...
jars=$(ls "$work"/lib/*.jar | tr '\n' ':')          # ... JUnit's console launcher does not
{
    date -u +"run %Y-%m-%dT%H:%M:%SZ"
    [[ $check == 1 ]] && echo "bundle check: no GPU required, the GPU tests skip"
    [[ $check == 1 ]] || nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv
    git rev-parse HEAD 2>/dev/null | sed 's/^/commit /'
} > "$summary"

step() { echo "== $1 ($(date -u +%H:%M:%S))" | tee -a "$summary"; }

# 1. the GPU tests (PtxUpToDateTest belongs to the build machines: it compares nvcc output there)
step "tests"
required=true
[[ $check == 1 ]] && required=false
"${java[@]}" -Djanus.cuda.required=$required -Djanus.cuda.sources="$root/cuda-backend/src/main/cuda" \
    -jar "$work/junit-console.jar" execute --class-path "$jars" --include-engine=junit-jupiter \
    --scan-classpath "$(ls "$work"/lib/cuda-backend-*-tests.jar)" --exclude-classname '.*PtxUpToDateTest' \
    --details=tree --disable-banner --reports-dir "$out/junit" > "$out/tests.txt" 2>&1
tests=$?
grep -E "tests (successful|failed|skipped|aborted)" "$out/tests.txt" | tee -a "$summary"
echo "tests exit status $tests" | tee -a "$summary"
if [[ $check == 1 ]]; then
    exit "$tests"
fi

# 2. grouped expert FFN benchmark
step "grouped expert FFN benchmark"
"${java[@]}" -Xmx32g -cp "$cp" dev.janus.cuda.GroupedFfnBenchmark "$out" > "$out/bench.txt" 2>&1 \
    || echo "grouped FFN benchmark failed: see bench.txt" | tee -a "$summary"

# 3. decode tokens/s of the medium preset, ours on cuda and the PyTorch peer
step "decode benchmark (medium preset)"
model="$work/medium"
if "${java[@]}" -cp "$cp" dev.janus.model.cli.JanusCli make-model --preset medium --family mixtral --seed 1 \
        --out "$model" >> "$out/bench.txt" 2>&1; then
    "${java[@]}" -cp "$cp" dev.janus.model.cli.JanusCli bench --model "$model" --backend cuda \
        --batches 1,16,64 --prompt-tokens 32 --decode-tokens 64 --bandwidth-mb 256 > "$out/decode_janus.txt" 2>> "$out/bench.txt" \
        || echo "janus decode benchmark failed: see bench.txt" | tee -a "$summary"
    PYTHONUNBUFFERED=1 timeout 240 python3 gpu/torch_decode_peer.py --model "$model" --batches 1,16,64 \
        --prompt-tokens 32 --decode-tokens 64 > "$out/decode_torch.txt" 2>&1 \
        || echo "PyTorch peer failed or timed out: see decode_torch.txt" | tee -a "$summary"
else
    echo "make-model failed: see bench.txt" | tee -a "$summary"
fi
step "done"
exit "$tests"
