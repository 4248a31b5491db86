package dev.janus.attention;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AttentionServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AttentionServiceApplication.class, args);
    }
}
