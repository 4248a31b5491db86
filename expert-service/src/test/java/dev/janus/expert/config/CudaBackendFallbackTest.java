package dev.janus.expert.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.model.engine.ComputeBackend;
import dev.janus.model.golden.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * moe.backend=cuda on a machine without a CUDA driver (the build machines): the service starts,
 * its experts run on the CPU, and the log says so in one line.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {"spring.grpc.server.port=0", "moe.backend=cuda"})
class CudaBackendFallbackTest {

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("moe.model.path", () -> Fixtures.dir("tiny-mixtral").toString());
    }

    @Autowired
    ComputeBackend backend;

    @Test
    void cudaWithoutADeviceRunsOnTheCpuAfterOneWarning(CapturedOutput output) {
        assertThat(backend.device()).isEqualTo("cpu");
        // the context started before this test's capture: the line is in the JVM's whole output
        assertThat(output.getAll().lines().filter(l -> l.contains("backend cuda unavailable"))).isNotEmpty();
    }
}
