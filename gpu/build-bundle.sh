#!/usr/bin/env bash
# Builds what gpu/run-gpu-tests.sh needs on the GPU machine, which has no Java and no network:
#   cuda-backend/target/gpu-bundle/janus-gpu.tar.xz =
#     jdk/  a jlink-ed JDK 25 runtime (the modules the engine, JCuda and JUnit use, jdk.incubator.vector too)
#     lib/  model-lib, cuda-backend and their test jars (the GPU tests, the golden fixtures) + dependencies
#     junit-console.jar  the JUnit Platform console launcher
# (Mockito and byte-buddy, 10 MB, are left out: the GPU tests use neither, and AssertJ needs byte-buddy only
# for soft assertions.)
# The tarball must stay well under the 64 MiB a GPU run may carry; this script prints its size
# and fails above 60 MiB. Run from anywhere: gpu/build-bundle.sh. Carry cuda-backend/target/gpu-bundle.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
junit_version=6.0.3   # the junit-jupiter the build resolves (Spring Boot's BOM)
out=cuda-backend/target/gpu-bundle
stage=cuda-backend/target/gpu-bundle-stage
rm -rf "$out" "$stage"
mkdir -p "$out" "$stage/lib"

./mvnw -B -q -o install -DskipTests -pl model-lib,cuda-backend
./mvnw -B -q -o dependency:copy-dependencies -pl cuda-backend -DincludeScope=test \
    -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian,net.bytebuddy,org.mockito,org.objenesis \
    -DoutputDirectory="$root/$stage/lib"
cp cuda-backend/target/cuda-backend-*-SNAPSHOT.jar cuda-backend/target/cuda-backend-*-tests.jar "$stage/lib/"
# JCuda's natives jar also carries NVRTC and the PTX compiler bindings (24 MB unpacked) that the
# driver API does not use: keep only the driver and runtime libraries
natives=$(ls "$stage"/lib/jcuda-natives-*.jar)
(cd "$stage" && mkdir n && cd n && unzip -q "$root/$natives" && rm -f lib/libJNvPTXCompiler-* lib/libJNvrtc-* \
    && rm "$root/$natives" && zip -q -r "$root/$natives" . && cd .. && rm -rf n)
console="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/$junit_version/junit-platform-console-standalone-$junit_version.jar"
if [[ ! -f $console ]]; then
    ./mvnw -B -q dependency:get -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_version"
fi
cp "$console" "$stage/junit-console.jar"

"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,java.naming,java.sql,java.xml,java.desktop,jdk.incubator.vector,jdk.unsupported,jdk.zipfs,java.scripting,jdk.management \
    --strip-debug --no-header-files --no-man-pages --output "$stage/jdk"
# (no jlink compression: xz packs the plain module image to 22 MB, against 35 MB for zip-9's)
"$stage/jdk/bin/java" --add-modules=jdk.incubator.vector -version 2>&1 | tail -1

tar -C "$stage" -cf - jdk lib junit-console.jar | xz -9 -T2 > "$out/janus-gpu.tar.xz"
rm -rf "$stage"
bytes=$(stat -c %s "$out/janus-gpu.tar.xz")
echo "bundle: $out/janus-gpu.tar.xz, $((bytes / 1024 / 1024)) MiB ($bytes bytes)"
tree=$(git ls-files -z | xargs -0 stat -c %s 2>/dev/null | awk '{s += $1} END {print s}')
echo "with the tracked working tree ($((tree / 1024 / 1024)) MiB) a GPU run carries about $(((tree + bytes) / 1024 / 1024)) MiB of its 64"
if (( bytes > 60 * 1024 * 1024 )); then
    echo "the bundle is over 60 MiB: a GPU run carries 64 MiB at most" >&2
    exit 1
fi
