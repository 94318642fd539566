package io.papertrends.enrich.popularity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperEvent;
import io.papertrends.enrich.EnrichService;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.stack.junit.RegistryProxy;
import io.papertrends.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry goes away and comes back while the enrich service runs and restarts:
 * no event is skipped and none counted twice. With the registry down, an instance that restarts
 * on its own state decodes from the schemas it kept on disk; an instance on a new machine (no
 * schemas seen yet) waits, says why on {@code /healthz}, and goes on when the registry is back.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryOutageIT {
    private static final int BATCH = 1_000;

    @Test
    void shouldLoseAndDoubleNothingWhileTheRegistryIsDown(LocalStack stack, @TempDir Path firstMachine, @TempDir Path secondMachine)
            throws Exception {
        String prefix = "outage-" + System.nanoTime() + "-";
        // Producers reach the registry directly; the service goes through the proxy that the test switches off.
        Topics topics = Topics.from(Map.of(RegistryConfig.URL, stack.schemaRegistryUrl(), Topics.PREFIX_CONFIG, prefix));
        EnrichFixtures.createTopics(stack, topics);
        Instant t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
        List<PaperEvent> all = new ArrayList<>();
        try (RegistryProxy registry = new RegistryProxy(stack.schemaRegistryUrl());
             KafkaProducer<String, PaperEvent> producer = new KafkaProducer<>(stack.kafkaConfig(), topics.paperEvents().keySerde().serializer(),
                     topics.paperEvents().valueSerde().serializer())) {
            // 1. Registry up: the service sees (and keeps) the schemas.
            try (EnrichService service = EnrichService.start(EnrichFixtures.settings(stack, registry.url(), prefix, firstMachine), meters())) {
                send(producer, topics, batch(0, t0), all);
                awaitCommitted(stack, prefix, all.size());
            }

            // 2. Registry down, the service restarts on its own state: it decodes from its schema cache.
            registry.stop();
            try (EnrichService service = EnrichService.start(EnrichFixtures.settings(stack, registry.url(), prefix, firstMachine), meters())) {
                send(producer, topics, batch(1, t0), all);
                awaitCommitted(stack, prefix, all.size());
                assertThat(service.health().up()).as("up on cached schemas: %s", service.health()).isTrue();
            }

            // 3. Still down, the service starts on a new machine: it cannot decode yet, waits and says why.
            try (EnrichService service = EnrichService.start(EnrichFixtures.settings(stack, registry.url(), prefix, secondMachine), meters())) {
                send(producer, topics, batch(2, t0), all);
                Awaitility.await("health names the registry").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !service.health().up() && service.health().reason().contains("schema registry"));
                assertThat(committed(stack, prefix)).as("nothing skipped while the registry is down").isEqualTo(2L * BATCH);

                registry.start();
                awaitCommitted(stack, prefix, all.size());
                Awaitility.await("healthy again").atMost(Duration.ofSeconds(60)).until(() -> service.health().up());

                // Close every window of every partition.
                List<PaperEvent> closing = new ArrayList<>();
                for (int p = 0; p < 10; p++) {
                    Instant t = t0.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(10));
                    closing.add(EnrichFixtures.event("sentinel:" + p, "end-" + p, EventType.VIEW, "x", t));
                }
                send(producer, topics, closing, new ArrayList<>());
                awaitCommitted(stack, prefix, all.size() + closing.size());
            }
        }

        int windows = EnrichFixtures.assertClosedWindowsExact(stack, topics, all);
        System.out.printf("registry outage IT: %d events, %d closed windows exact across two outages%n", all.size(), windows);
    }

    private static PrometheusMeterRegistry meters() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    private static List<PaperEvent> batch(int n, Instant t0) {
        Random random = new Random(n);
        List<PaperEvent> events = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            Instant t = t0.plus(Duration.ofMinutes(20L * n)).plusMillis((long) i * 20 * 60_000 / BATCH);
            events.add(EnrichFixtures.event("arxiv:2612." + String.format("%05d", random.nextInt(20)), "b" + n + "-" + i,
                    EventType.values()[random.nextInt(6)], "u" + random.nextInt(50), t));
        }
        return events;
    }

    private static void send(KafkaProducer<String, PaperEvent> producer, Topics topics, List<PaperEvent> events, List<PaperEvent> sent)
            throws Exception {
        for (PaperEvent e : events) {
            producer.send(new ProducerRecord<>(topics.paperEvents().name(), e.getPaperId(), e)).get(10, TimeUnit.SECONDS);
        }
        sent.addAll(events);
    }

    private static long committed(LocalStack stack, String prefix) throws Exception {
        try (Admin admin = Admin.create(stack.kafkaConfig())) {
            return admin.listConsumerGroupOffsets(prefix + "enrich").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .entrySet().stream().filter(e -> e.getKey().topic().equals(prefix + Topics.PAPER_EVENTS))
                    .mapToLong(e -> e.getValue() == null ? 0 : e.getValue().offset()).sum();
        }
    }

    private static void awaitCommitted(LocalStack stack, String prefix, long events) {
        Awaitility.await("committed " + events + " events").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> committed(stack, prefix) >= events);
    }
}
