package dev.janus.cuda;

import dev.janus.model.engine.AcceleratorUnavailableException;
import dev.janus.model.engine.Backends;
import dev.janus.model.engine.ComputeBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * moe.backend=cuda on a machine without a CUDA driver (the build machines: JCuda's native
 * library cannot link libcuda.so.1): the provider is found on the class path, opening it fails
 * with the reason, and the engine runs on the CPU after one WARNING line. Skipped where a device
 * exists (the GPU run), where the kernels tests take over.
 */
class CudaFallbackTest {

    private final List<LogRecord> records = new ArrayList<>();
    private final Logger jul = Logger.getLogger(Backends.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        assumeFalse(GpuTests.REQUIRED, "the GPU run has a device");
        jul.addHandler(capture);
    }

    @AfterEach
    void stop() {
        jul.removeHandler(capture);
    }

    @Test
    void openingWithoutADriverSaysWhy() {
        assumeFalse(driverPresent(), "a CUDA driver is installed here");
        assertThatThrownBy(() -> new CudaAcceleratorProvider().open())
                .isInstanceOf(AcceleratorUnavailableException.class)
                .hasMessageContaining("no CUDA driver");
    }

    @Test
    void cudaBackendFallsBackToTheCpuWithOneWarning() {
        assumeFalse(driverPresent(), "a CUDA driver is installed here");
        try (ComputeBackend backend = ComputeBackend.create("vector", 1, Backends.CUDA)) {
            assertThat(backend.device()).isEqualTo("cpu");
            assertThat(backend.expertExecutor(null, 8)).isNull();
        }
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                    .startsWith("backend cuda unavailable (no CUDA driver: ")
                    .contains("libcuda.so.1")
                    .endsWith("): falling back to the CPU")
                    .hasLineCount(1);
        });
    }

    @Test
    void theLinkFailureIsTheLineNamingTheCause() {
        String report = """
                Error while loading native library "JCudaDriver-12.6.0-linux-x86_64"
                Operating system name: Linux
                java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib
                java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: No such file or directory
                """;
        assertThat(CudaDevice.linkFailure(report)).isEqualTo(
                "/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: No such file or directory");
        assertThat(CudaDevice.linkFailure("something else\nmore")).isEqualTo("something else");
        // a second attempt in the same JVM: the class failed to initialise, the cause holds the report
        Error later = new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
        later.initCause(new ExceptionInInitializerError(report));
        assertThat(CudaDevice.linkFailure(later)).contains("libcuda.so.1: cannot open shared object file");
    }

    @Test
    void aSecondOpenInTheSameJvmStillNamesLibcuda() {
        assumeFalse(driverPresent(), "a CUDA driver is installed here");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> new CudaAcceleratorProvider().open())
                    .hasMessageContaining("libcuda.so.1");
        }
    }

    private static boolean driverPresent() {
        for (String dir : new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/local/nvidia/lib64", "/lib/x86_64-linux-gnu"}) {
            if (java.nio.file.Files.exists(java.nio.file.Path.of(dir, "libcuda.so.1"))) {
                return true;
            }
        }
        return false;
    }
}
