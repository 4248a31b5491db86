package dev.janus.gateway.limit;

import dev.janus.gateway.config.GatewayProperties;
import dev.janus.gateway.config.GatewayProperties.RateLimit;
import dev.janus.gateway.config.GatewayProperties.RateLimitBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Chooses the bucket store: Redis when asked for (or when spring.data.redis.* is set), else memory. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "moe.gateway.rate-limit.enabled", havingValue = "true", matchIfMissing = true)
class RateLimiterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimiterConfiguration.class);

    @Bean
    KeyRateLimiter keyRateLimiter(GatewayProperties props, Environment env, ApplicationContext context) {
        RateLimit limit = props.rateLimit();
        if (usesRedis(limit.backend(), env)) {
            log.info("rate limit: Redis, {} req/s per key, burst {}", limit.replenishPerSecond(), limit.burst());
            RedisRateLimiter redis = new RedisRateLimiter(limit.replenishPerSecond(), limit.burst());
            // not a bean (it would become Gateway's default RequestRateLimiter); it looks up the
            // reactive template and Gateway's Lua script itself
            redis.setApplicationContext(context);
            return new RedisKeyRateLimiter(redis, "openai-api", limit.replenishPerSecond());
        }
        log.info("rate limit: in memory, {} req/s per key, burst {}", limit.replenishPerSecond(), limit.burst());
        return new InMemoryKeyRateLimiter(limit.replenishPerSecond(), limit.burst(), System::nanoTime);
    }

    @Bean
    RateLimitFilter rateLimitFilter(KeyRateLimiter limiter) {
        return new RateLimitFilter(limiter);
    }

    static boolean usesRedis(RateLimitBackend backend, Environment env) {
        return switch (backend) {
            case REDIS -> true;
            case MEMORY -> false;
            case AUTO -> env.containsProperty("spring.data.redis.host") || env.containsProperty("spring.data.redis.url");
        };
    }
}
