package io.papertrends.streams;

import io.papertrends.service.Health;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RunningService;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started Kafka Streams service: its runner, its management server and, when it has one, its
 * public HTTP server. Healthy while the client is RUNNING or REBALANCING; closing stops the
 * public server first, then the management server, then the client.
 */
public abstract class StreamsService implements RunningService {
    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

    private final StreamsRunner runner;
    private final ManagementServer management;
    private final AutoCloseable api;

    /**
     * @param api the public HTTP server, or null for a service without one
     */
    protected StreamsService(StreamsRunner runner, ManagementServer management, AutoCloseable api) {
        this.runner = runner;
        this.management = management;
        this.api = api;
    }

    public KafkaStreams streams() {
        return runner.streams();
    }

    @Override
    public Health health() {
        return runner.health();
    }

    @Override
    public int managementPort() {
        return management.port();
    }

    @Override
    public void awaitStop() throws InterruptedException {
        runner.awaitStop();
    }

    @Override
    public void close() {
        if (api != null) {
            try {
                api.close();
            } catch (Exception e) {
                log.warn("closing the HTTP server failed", e);
            }
        }
        try {
            management.close();
        } catch (RuntimeException e) {
            log.warn("closing the management server failed", e);
        }
        runner.close();
    }
}
