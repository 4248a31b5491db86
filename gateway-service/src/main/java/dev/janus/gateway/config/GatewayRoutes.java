package dev.janus.gateway.config;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import dev.janus.gateway.balance.AttentionPool;
import dev.janus.gateway.error.Realm;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The routes: the OpenAI API (and vLLM's /tokenize, /detokenize) to the attention instances,
 * the two admin APIs to their services. Unlike petclinic's YAML routes they are built here
 * because their timeouts, URIs and realm come from the typed {@link GatewayProperties} (Gateway's timeout metadata wants
 * milliseconds, our properties are Durations).
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    @Bean
    RouteLocator janusRoutes(RouteLocatorBuilder routes, GatewayProperties props) {
        int connectMillis = Math.toIntExact(props.timeouts().connect().toMillis());
        return routes.routes()
                .route("openai-api", r -> r.path("/v1/**")
                        .metadata(Realm.METADATA_KEY, Realm.OPENAI.name())
                        .metadata(CONNECT_TIMEOUT_ATTR, connectMillis)
                        .metadata(RESPONSE_TIMEOUT_ATTR, props.timeouts().response().toMillis())
                        .uri(AttentionPool.ROUTE_URI))
                // vLLM's token-counting extension, beside /v1 as in vLLM: the same instances, keys and limits
                .route("tokenizer", r -> r.path("/tokenize", "/detokenize")
                        .metadata(Realm.METADATA_KEY, Realm.OPENAI.name())
                        .metadata(CONNECT_TIMEOUT_ATTR, connectMillis)
                        .metadata(RESPONSE_TIMEOUT_ATTR, props.timeouts().response().toMillis())
                        .uri(AttentionPool.ROUTE_URI))
                .route("admin-placement", r -> r.path("/admin/placement/**")
                        .metadata(Realm.METADATA_KEY, Realm.ADMIN.name())
                        .metadata(CONNECT_TIMEOUT_ATTR, connectMillis)
                        .metadata(RESPONSE_TIMEOUT_ATTR, props.timeouts().admin().toMillis())
                        .uri(props.placementUri()))
                .route("admin-scaler", r -> r.path("/admin/scaler/**")
                        .metadata(Realm.METADATA_KEY, Realm.ADMIN.name())
                        .metadata(CONNECT_TIMEOUT_ATTR, connectMillis)
                        .metadata(RESPONSE_TIMEOUT_ATTR, props.timeouts().admin().toMillis())
                        .uri(props.scalerUri()))
                .build();
    }
}
