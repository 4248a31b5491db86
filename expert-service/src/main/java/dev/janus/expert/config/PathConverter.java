package dev.janus.expert.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Binds {@code Path} properties as file-system paths. Spring's default goes through its
 * resource loader, which rejects relative paths that climb ({@code --moe.model.path=../models/x}).
 */
@Component
@ConfigurationPropertiesBinding
public class PathConverter implements Converter<String, Path> {

    @Override
    public Path convert(String source) {
        return Path.of(source);
    }
}
