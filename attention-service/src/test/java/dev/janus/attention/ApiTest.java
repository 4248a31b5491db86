package dev.janus.attention;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The service on a random port serving the tiny-mixtral fixture. Every test class with these
 * exact properties shares one application context (Spring's context cache).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.model.path=../model-lib/src/test/resources/fixtures/tiny-mixtral",
        "moe.scheduler.compute-threads=2",
        "moe.scheduler.kv-cache-tokens=16384",
        "moe.scheduler.max-queued=64",
        "moe.internal.token=" + ApiTest.INTERNAL_TOKEN,
})
public @interface ApiTest {

    /** The control plane's token (moe.internal.token) of the test services. */
    String INTERNAL_TOKEN = "test-internal-token";
}
