package io.papertrends.enrich.popularity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.avro.EventType;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.enrich.EnrichService;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.stack.junit.TopicReader;
import io.papertrends.streams.DeadLetters;
import io.papertrends.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records bad in themselves, on each input topic of the enrich service, between good ones (among
 * them a multi-megabyte paper from a producer other than ingest, whose dead letter is cut): each
 * bad one lands in {@code enrich-dlq} with its original bytes and the reason, every good one
 * around it is counted, and the service stays up throughout.
 */
@ExtendWith(LocalStackExtension.class)
class PoisonPillIT {

    @Test
    void shouldDeadLetterEachBadRecordAndCountEveryGoodOne(LocalStack stack, @TempDir Path state) throws Exception {
        String prefix = "poison-" + System.nanoTime() + "-";
        Topics topics = Topics.from(Map.of(RegistryConfig.URL, stack.schemaRegistryUrl(), Topics.PREFIX_CONFIG, prefix));
        EnrichFixtures.createTopics(stack, topics);
        Instant t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
        Random random = new Random(5);
        List<PaperEvent> good = new ArrayList<>();
        Map<String, Object> producerConfig = new HashMap<>(stack.kafkaConfig());
        // A highly compressible multi-MB paper fits a batch; its enriched record does not fit a request.
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        producerConfig.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (EnrichService service = EnrichService.start(EnrichFixtures.settings(stack, stack.schemaRegistryUrl(), prefix, state), meters);
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            String events = topics.paperEvents().name();
            List<byte[]> badEvents = List.of(
                    "{\"paperId\":\"arxiv:1\",\"type\":\"view\"}".getBytes(StandardCharsets.UTF_8),           // not the wire format
                    ByteBuffer.allocate(9).put((byte) 0).putInt(999_999).putInt(42).array(),                   // a schema id nobody registered
                    paperBytes(topics, paper("arxiv:2612.00001", "A paper on the events topic", "x")));      // another record's schema
            int sentBad = 0;
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 50; i++) {
                    PaperEvent e = EnrichFixtures.event("arxiv:2612." + String.format("%05d", random.nextInt(10)), "g" + round + "-" + i,
                            EventType.values()[random.nextInt(6)], "u" + random.nextInt(30), t0.plus(Duration.ofMinutes(round * 10L + i / 10)));
                    good.add(e);
                    raw.send(new ProducerRecord<>(events, bytes(e.getPaperId()), eventBytes(topics, e)));
                }
                if (round < badEvents.size()) {
                    raw.send(new ProducerRecord<>(events, bytes("arxiv:2612.00001"), badEvents.get(round)));
                    sentBad++;
                }
            }
            PaperEvent keyless = EnrichFixtures.event("arxiv:2612.00002", "keyless", EventType.VIEW, "u", t0.plus(Duration.ofMinutes(5)));
            raw.send(new ProducerRecord<>(events, null, eventBytes(topics, keyless)));                          // no key
            raw.send(new ProducerRecord<>(events, bytes("arxiv:2612.00003"), eventBytes(topics,
                    EnrichFixtures.event("arxiv:2612.00004", "misplaced", EventType.VIEW, "u", t0.plus(Duration.ofMinutes(5))))));  // key is another paper
            raw.send(new ProducerRecord<>(events, bytes("arxiv:2612.00005"), null));                           // no value
            sentBad += 3;

            String papers = topics.papers().name();
            Paper ok = paper("arxiv:2612.00006", "Graph neural networks for citation prediction", "We predict citations with graph neural networks.");
            Paper huge = paper("arxiv:2612.00007", "An abstract too large to enrich", "graph networks ".repeat(250_000));
            raw.send(new ProducerRecord<>(papers, bytes(huge.getId()), paperBytes(topics, huge)));           // too large to enrich
            raw.send(new ProducerRecord<>(papers, bytes("arxiv:2612.00008"), "not avro".getBytes(StandardCharsets.UTF_8)));
            raw.send(new ProducerRecord<>(papers, bytes(ok.getId()), paperBytes(topics, ok)));
            sentBad += 2;

            // Close the windows of every partition.
            for (int p = 0; p < 10; p++) {
                PaperEvent closing = EnrichFixtures.event("sentinel:" + p, "end-" + p, EventType.VIEW, "x", t0.plus(Duration.ofHours(2)));
                raw.send(new ProducerRecord<>(events, bytes(closing.getPaperId()), eventBytes(topics, closing)));
            }
            raw.flush();

            int expectedBad = sentBad;
            Awaitility.await("every bad record dead-lettered").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TopicReader.readAll(stack, topics.enrichDlq(), Duration.ofSeconds(30)).size() >= expectedBad);
            Awaitility.await("the good paper enriched").atMost(Duration.ofMinutes(1))
                    .until(() -> TopicReader.readAll(stack, topics.papersEnriched(), Duration.ofSeconds(30)).stream()
                            .anyMatch(r -> r.key().equals(ok.getId())));
            assertThat(service.health().up()).as("still up: %s", service.health()).isTrue();

            List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readAll(stack, topics.enrichDlq(), Duration.ofSeconds(30));
            assertThat(letters).hasSize(expectedBad);
            Map<String, Integer> reasons = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : letters) {
                reasons.merge(header(r, DeadLetters.REASON), 1, Integer::sum);
                assertThat(header(r, DeadLetters.TOPIC)).isIn(events, papers);
                assertThat(header(r, DeadLetters.MESSAGE)).isNotBlank();
            }
            assertThat(reasons).containsEntry("DESERIALIZATION", 4).containsEntry("PROCESSING", 4).hasSize(2);
            assertThat(letters).anySatisfy(r -> assertThat(header(r, DeadLetters.TRUNCATED)).isEqualTo(Integer.toString(paperBytes(topics, huge).length)));
            assertThat(letters).anySatisfy(r -> assertThat(r.value()).isEqualTo(badEvents.get(0)));
            assertThat(meters.get("papertrends.dlq.records").tag("reason", "DESERIALIZATION").counter().count()).isEqualTo(4.0);
        }

        EnrichFixtures.assertClosedWindowsExact(stack, topics, good);
    }

    private static Paper paper(String id, String title, String abstractText) {
        Instant now = Instant.now();
        return Paper.newBuilder().setId(id).setTitle(title).setAbstractText(abstractText).setSource("test").setContentHash(id)
                .setIngestedAt(now).build();
    }

    private static byte[] eventBytes(Topics topics, PaperEvent e) {
        return topics.paperEvents().valueSerde().serializer().serialize(topics.paperEvents().name(), e);
    }

    private static byte[] paperBytes(Topics topics, Paper p) {
        return topics.papers().valueSerde().serializer().serialize(topics.papers().name(), p);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        return r.headers().lastHeader(key) == null ? null : new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

}
