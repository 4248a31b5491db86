package dev.janus.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The committed PTX and sm_90 cubins (src/main/resources/dev/janus/cuda, what a build without
 * nvcc ships) equal what nvcc makes of src/main/cuda now. Runs where nvcc exists (the build
 * machines); refresh with {@code cuda-backend/src/main/cuda/compile.sh cuda-backend/src/main/resources/dev/janus/cuda}.
 */
class PtxUpToDateTest {

    @Test
    void committedKernelsMatchTheSources(@TempDir Path out) throws Exception {
        Path nvcc = Path.of(System.getProperty("janus.nvcc", "/usr/local/cuda/bin/nvcc"));
        assumeTrue(Files.isExecutable(nvcc), "no nvcc at " + nvcc);
        Path sources = Path.of(System.getProperty("janus.cuda.sources", "src/main/cuda"));
        Process p = new ProcessBuilder("bash", sources.resolve("compile.sh").toString(), out.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        Path committed = sources.resolveSibling("resources").resolve("dev/janus/cuda");
        for (String module : KernelLibrary.MODULES) {
            for (String file : new String[] {module + ".ptx", module + ".sm_90.cubin"}) {
                assertThat(Files.readAllBytes(committed.resolve(file)))
                        .as("%s is stale: rerun compile.sh into %s", file, committed)
                        .isEqualTo(Files.readAllBytes(out.resolve(file)));
            }
        }
        try (var files = Files.list(sources)) {
            assertThat(files.filter(f -> f.toString().endsWith(".cu"))
                    .map(f -> f.getFileName().toString().replace(".cu", "")))
                    .as("every .cu is a module KernelLibrary loads")
                    .containsExactlyInAnyOrderElementsOf(KernelLibrary.MODULES);
        }
    }
}
