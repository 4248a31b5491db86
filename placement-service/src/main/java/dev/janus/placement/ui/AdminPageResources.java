package dev.janus.placement.ui;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The page's script and style sheet under {@code /admin/placement/ui/} (behind the admin key, as
 * everything under /admin). Not Boot's {@code static/}: that would serve them at the root,
 * outside the admin path. Revalidated on every load (Last-Modified), so a new build shows at once.
 */
@Configuration(proxyBeanMethods = false)
class AdminPageResources implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/admin/placement/ui/**")
                .addResourceLocations("classpath:/admin-ui/")
                .setCacheControl(CacheControl.noCache());
    }
}
