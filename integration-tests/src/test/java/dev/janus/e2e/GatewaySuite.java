package dev.janus.e2e;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole request path as an OpenAI client meets it, for the SDK tests: gateway-service (one API
 * key) → attention-service → two expert-services over gRPC (every layer's experts split over them
 * with two redundant replicas), all on the tiny-mixtral fixture, each a child process.
 */
final class GatewaySuite implements AutoCloseable {

    final List<ServiceProcess> experts = new ArrayList<>();
    ServiceProcess attention;
    ServiceProcess gateway;

    private GatewaySuite() {
    }

    /** Starts the suite; {@code name} prefixes the processes' log files. */
    static GatewaySuite start(String name, Path modelsDir, String apiKey) {
        GatewaySuite suite = new GatewaySuite();
        try {
            Path model = TinyMixtral.copyTo(modelsDir);
            List<String> placement = SuiteArgs.placement(2, 2);
            int[] grpc = {ServiceProcess.freePort(), ServiceProcess.freePort()};
            suite.experts.addAll(SuiteArgs.startExperts(name + "-expert-service", model, placement, grpc));
            suite.attention = ServiceProcess.start(name + "-attention-service", "janus.e2e.attention-jar",
                    SuiteArgs.attention(model, placement, grpc));
            suite.gateway = ServiceProcess.start(name + "-gateway-service", "janus.e2e.gateway-jar",
                    SuiteArgs.gateway(suite.attention.url(), apiKey, "memory"));
            return suite;
        } catch (RuntimeException e) {
            suite.close();
            throw e;
        }
    }

    /** The official OpenAI Java SDK pointed at the gateway, without retries (a failure must show). */
    OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.url() + "/v1").apiKey(key).maxRetries(0).build();
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        if (attention != null) {
            attention.close();
        }
        experts.forEach(ServiceProcess::close);
    }
}
