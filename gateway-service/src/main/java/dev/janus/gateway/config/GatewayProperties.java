package dev.janus.gateway.config;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Upstreams of the gateway. The routes themselves live in application.yml and refer to these
 * keys; binding them here makes a missing or malformed URI fail at startup, not per request.
 *
 * @param attentionUri base URI of the attention-service pool that serves the OpenAI API
 */
@Validated
@ConfigurationProperties("moe.gateway")
public record GatewayProperties(@NotNull URI attentionUri) {}
