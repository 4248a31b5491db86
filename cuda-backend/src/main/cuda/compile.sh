#!/usr/bin/env bash
# Compiles every kernel source here to PTX (compute_80: tensor-core bf16 needs sm_80+, the driver
# JIT-compiles it for the device) and to an sm_90 cubin (H100/H200, loaded without JIT there).
# Usage: compile.sh OUT_DIR. Refresh the committed copies with
#   cuda-backend/src/main/cuda/compile.sh cuda-backend/src/main/resources/dev/janus/cuda
# PtxUpToDateTest checks that they equal what this script produces from the sources now.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$1"; out="$(cd "$1" && pwd)"
nvcc="${NVCC:-/usr/local/cuda/bin/nvcc}"
mkdir -p "$out"
cd "$here"   # relative paths only: the outputs must not depend on where the checkout lives
for src in *.cu; do
    name="${src%.cu}"
    "$nvcc" -std=c++17 -O3 -arch=compute_80 -ptx "$src" -o "$out/$name.ptx"
    "$nvcc" -std=c++17 -O3 -arch=sm_90 -cubin "$src" -o "$out/$name.sm_90.cubin"
done
