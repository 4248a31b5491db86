package dev.janus.expert;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ExpertServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExpertServiceApplication.class, args);
    }
}
