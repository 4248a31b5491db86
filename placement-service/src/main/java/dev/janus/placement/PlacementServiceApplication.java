package dev.janus.placement;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PlacementServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlacementServiceApplication.class, args);
    }
}
