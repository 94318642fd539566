package io.papertrends.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.avro.Paper;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.stack.junit.TopicReader;
import io.papertrends.streams.DeadLetters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records bad in themselves on both input topics of the trend service, before the good ones:
 * each lands in {@code trend-dlq} with its origin, the rankings are built from the good ones, and
 * the service stays up.
 */
@ExtendWith(LocalStackExtension.class)
class TrendPoisonPillIT {
    @Test
    void shouldDeadLetterBadRecordsAndRankTheGoodOnes(LocalStack stack, @TempDir Path state) throws Exception {
        ServingFixtures data = new ServingFixtures(stack, "trend-poison");
        data.createTopics(1);
        try (Admin admin = Admin.create(stack.kafkaConfig())) {
            admin.createTopics(List.of(new NewTopic(data.topics.trendDlq().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            LocalStack.awaitLeaders(admin, List.of(data.topics.trendDlq().name()));
        }
        String enriched = data.topics.papersEnriched().name();
        String popularity = data.topics.paperPopularity().name();
        Paper paper = Paper.newBuilder().setId("arxiv:2611.99999").setTitle("t").setAbstractText("a").setSource("test").setContentHash("h")
                .setIngestedAt(Instant.now()).build();
        byte[] paperBytes = data.topics.papers().valueSerde().serializer().serialize(data.topics.papers().name(), paper);
        List<byte[]> bad = List.of("not the wire format".getBytes(StandardCharsets.UTF_8),
                ByteBuffer.allocate(9).put((byte) 0).putInt(999_999).putInt(7).array(), paperBytes);
        try (TrendService service = TrendService.start(data.instance(state), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(stack.kafkaConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : bad) {
                raw.send(new ProducerRecord<>(enriched, "arxiv:2611.99999".getBytes(StandardCharsets.UTF_8), value)).get();
                raw.send(new ProducerRecord<>(popularity, "arxiv:2611.99999".getBytes(StandardCharsets.UTF_8), value)).get();
            }
            data.produce();
            Awaitility.await("the bursts ranked from the good records").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> ServingFixtures.topIds(ServingFixtures.get(service.httpPort(), "/api/trending?window=1h&scope=global&limit=10"))
                            .containsAll(ServingFixtures.burstIds()));
            assertThat(service.health().up()).as("still up: %s", service.health()).isTrue();

            List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readAll(stack, data.topics.trendDlq(), Duration.ofSeconds(30));
            assertThat(letters).hasSize(2 * bad.size());
            Set<String> origins = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : letters) {
                origins.add(header(r, DeadLetters.TOPIC));
                assertThat(header(r, DeadLetters.REASON)).isEqualTo("DESERIALIZATION");
            }
            assertThat(origins).containsExactlyInAnyOrder(enriched, popularity);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
