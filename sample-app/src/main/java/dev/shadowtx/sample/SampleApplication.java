package dev.shadowtx.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.openfeign.EnableFeignClients;

/**
 * Starts the orders service: orders in a database, charges through the payments service (Feign),
 * {@code OrderCreated} events on Kafka and a read model fed by them.
 */
@SpringBootApplication
@EnableFeignClients
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
