package io.papertrends.streams;

import io.papertrends.service.Health;
import io.papertrends.service.RunningService;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started Kafka Streams service: its runner and the HTTP server that answers for it. Healthy
 * while the client is RUNNING or REBALANCING; closing stops the server first, then the client.
 */
public abstract class StreamsService implements RunningService {
    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

    private final StreamsRunner runner;
    private final AutoCloseable server;

    protected StreamsService(StreamsRunner runner, AutoCloseable server) {
        this.runner = runner;
        this.server = server;
    }

    public KafkaStreams streams() {
        return runner.streams();
    }

    @Override
    public Health health() {
        return runner.health();
    }

    @Override
    public void awaitStop() throws InterruptedException {
        runner.awaitStop();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            log.warn("closing the HTTP server failed", e);
        }
        runner.close();
    }
}
