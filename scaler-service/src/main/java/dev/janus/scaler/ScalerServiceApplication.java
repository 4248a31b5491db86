package dev.janus.scaler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ScalerServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ScalerServiceApplication.class, args);
    }
}
