package dev.janus.model.engine;

import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.moe.ExpertExecutor;
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

class BackendsTest {

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
        jul.addHandler(capture);
    }

    @AfterEach
    void stop() {
        jul.removeHandler(capture);
    }

    @Test
    void cpuOpensNothingAndLogsNothing() {
        assertThat(Backends.open("cpu", List.of())).isNull();
        assertThat(records).isEmpty();
    }

    @Test
    void cudaWithoutItsModuleFallsBackWithOneWarning() {
        assertThat(Backends.open("cuda", List.of())).isNull();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                    .isEqualTo("backend cuda unavailable (no cuda backend module on the class path): falling back to the CPU");
        });
    }

    @Test
    void cudaWithoutADeviceFallsBackNamingTheReason() {
        AcceleratorProvider noDevice = provider(() -> {
            throw new AcceleratorUnavailableException("no CUDA driver (libcuda.so.1)");
        });
        assertThat(Backends.open("cuda", List.of(noDevice))).isNull();
        assertThat(records).singleElement().satisfies(r ->
                assertThat(r.getParameters()[1]).isEqualTo("no CUDA driver (libcuda.so.1)"));
    }

    @Test
    void anOpenedDeviceIsReturnedAndNamed() {
        Accelerator device = new Accelerator() {
            @Override
            public String description() {
                return "test device";
            }

            @Override
            public MatmulKernel matmul(MatmulKernel cpu) {
                return cpu;
            }

            @Override
            public ExpertExecutor expertExecutor(ModelWeights weights, int hidden, MatmulKernel cpu) {
                return null;
            }

            @Override
            public void close() {
            }
        };
        assertThat(Backends.open("cuda", List.of(provider(() -> device)))).isSameAs(device);
        assertThat(records).singleElement().satisfies(r -> assertThat(r.getLevel()).isEqualTo(Level.INFO));
    }

    @Test
    void unknownBackendIsAClearError() {
        assertThatThrownBy(() -> Backends.open("rocm", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown backend 'rocm' (one of cpu, cuda)");
        assertThatThrownBy(() -> ComputeBackend.create("vector", 1, "gpu"))
                .hasMessage("unknown backend 'gpu' (one of cpu, cuda)");
    }

    @Test
    void computeBackendOnCudaWithoutDeviceRunsOnTheCpu() {
        try (ComputeBackend backend = ComputeBackend.create("scalar", 1, "cuda")) {
            assertThat(backend.device()).isEqualTo("cpu");
            assertThat(backend.expertExecutor(null, 8)).isNull();
        }
    }

    private interface Opener {
        Accelerator open() throws AcceleratorUnavailableException;
    }

    private static AcceleratorProvider provider(Opener opener) {
        return new AcceleratorProvider() {
            @Override
            public String name() {
                return "cuda";
            }

            @Override
            public Accelerator open() throws AcceleratorUnavailableException {
                return opener.open();
            }
        };
    }
}
