package io.papertrends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperEvent;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.stack.junit.TopicReader;
import io.papertrends.streams.DeadLetters;
import io.papertrends.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code papertrends dlq}: lists dead letters readably and sends the chosen ones back, bytes and headers as they were. */
@ExtendWith(LocalStackExtension.class)
class DlqCommandIT {
    @Test
    void shouldListDeadLettersAndSendChosenOnesBack(LocalStack stack) throws Exception {
        String prefix = "dlq-" + System.nanoTime() + "-";
        Topics topics = Topics.from(Map.of(RegistryConfig.URL, stack.schemaRegistryUrl(), Topics.PREFIX_CONFIG, prefix));
        try (Admin admin = Admin.create(stack.kafkaConfig())) {
            admin.createTopics(List.of(new NewTopic(topics.enrichDlq().name(), 1, (short) 1),
                    new NewTopic(topics.paperEvents().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            LocalStack.awaitLeaders(admin, List.of(topics.enrichDlq().name(), topics.paperEvents().name()));
        }
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        byte[] good = topics.paperEvents().valueSerde().serializer().serialize(topics.paperEvents().name(), PaperEvent.newBuilder()
                .setEventId("e1").setPaperId("arxiv:2612.00001").setType(EventType.VIEW).setOccurredAt(t).setSource("test").setReceivedAt(t).build());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(stack.kafkaConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(letter(topics, "arxiv:2612.00001", good, "PROCESSING", "java.lang.IllegalArgumentException", "keyed by nothing")).get();
            producer.send(letter(topics, "x", "garbage".getBytes(StandardCharsets.UTF_8), "DESERIALIZATION",
                    "org.apache.kafka.common.errors.SerializationException", "unknown magic byte")).get();
        }
        String[] connection = {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl(),
                "--set", Topics.PREFIX_CONFIG + "=" + prefix};

        String listed = CommandRun.ok(concat(new String[] {"dlq", "enrich-dlq"}, connection));
        assertThat(listed).contains("0:0", "PROCESSING", "from " + topics.paperEvents().name() + "-1 offset 7",
                "java.lang.IllegalArgumentException: keyed by nothing", "key: arxiv:2612.00001", "\"eventId\": \"e1\"");
        assertThat(listed).contains("0:1", "DESERIALIZATION", "do not decode as " + topics.paperEvents().name(), "garbage");
        assertThat(listed).contains("2 dead letter(s) in " + topics.enrichDlq().name());

        String resent = CommandRun.ok(concat(new String[] {"dlq", "enrich-dlq", "--resend", "0:0"}, connection));
        assertThat(resent).contains("0:0: sent back to " + topics.paperEvents().name(), "1 dead letter(s) sent back");
        List<ConsumerRecord<String, PaperEvent>> back = TopicReader.readAll(stack, topics.paperEvents(), Duration.ofSeconds(30));
        assertThat(back).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("arxiv:2612.00001");
            assertThat(r.value().getEventId()).isEqualTo("e1");
            assertThat(r.headers().lastHeader("trace")).isNotNull();
            assertThat(r.headers().lastHeader(DeadLetters.REASON)).isNull();
            assertThat(r.headers().lastHeader(DeadLetters.EXCEPTION)).isNull();
        });
    }

    private static ProducerRecord<byte[], byte[]> letter(Topics topics, String key, byte[] value, String reason, String exception, String message) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.EXCEPTION, exception.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.MESSAGE, message.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.TOPIC, topics.paperEvents().name().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.PARTITION, "1".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.OFFSET, "7".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.REASON, reason.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topics.enrichDlq().name(), null, null, key.getBytes(StandardCharsets.UTF_8), value, headers);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
