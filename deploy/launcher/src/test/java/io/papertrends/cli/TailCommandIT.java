package io.papertrends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperEvent;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code papertrends tail}: a contract topic's records as JSON lines a program can read. */
@ExtendWith(LocalStackExtension.class)
class TailCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldPrintRecordsAsJsonLines(LocalStack stack) throws Exception {
        String prefix = "tail-" + System.nanoTime() + "-";
        Topics topics = Topics.from(Map.of(RegistryConfig.URL, stack.schemaRegistryUrl(), Topics.PREFIX_CONFIG, prefix));
        try (Admin admin = Admin.create(stack.kafkaConfig())) {
            admin.createTopics(List.of(new NewTopic(topics.paperEvents().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            LocalStack.awaitLeaders(admin, List.of(topics.paperEvents().name()));
        }
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        try (KafkaProducer<String, PaperEvent> producer = new KafkaProducer<>(stack.kafkaConfig(), new StringSerializer(),
                topics.paperEvents().valueSerde().serializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topics.paperEvents().name(), "arxiv:2612.0000" + i, PaperEvent.newBuilder().setEventId("e" + i)
                        .setPaperId("arxiv:2612.0000" + i).setType(EventType.UPVOTE).setOccurredAt(t.plusSeconds(i)).setSource("test")
                        .setReceivedAt(t).build())).get();
            }
        }
        String[] connection = {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl(),
                "--set", Topics.PREFIX_CONFIG + "=" + prefix};

        List<JsonNode> all = lines(CommandRun.ok(concat(new String[] {"tail", "paper-events", "--from-beginning"}, connection)));
        assertThat(all).hasSize(3);
        assertThat(all).extracting(n -> n.path("value").path("eventId").asText()).containsExactly("e0", "e1", "e2");
        JsonNode first = all.get(0);
        assertThat(first.path("topic").asText()).isEqualTo(topics.paperEvents().name());
        assertThat(first.path("offset").asLong()).isZero();
        assertThat(first.path("key").asText()).isEqualTo("arxiv:2612.00000");
        assertThat(first.path("value").path("type").asText()).isEqualTo("UPVOTE");
        assertThat(first.path("value").path("occurredAt").asText()).isEqualTo("2026-12-01T10:00:00Z");

        List<JsonNode> last = lines(CommandRun.ok(concat(new String[] {"tail", "paper-events", "--limit", "1"}, connection)));
        assertThat(last).extracting(n -> n.path("value").path("eventId").asText()).containsExactly("e2");

        // Written in transactions, as the services write: markers and an aborted record take offsets, not lines.
        Map<String, Object> transactional = new java.util.HashMap<>(stack.kafkaConfig());
        transactional.put(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "tx");
        try (KafkaProducer<String, PaperEvent> producer = new KafkaProducer<>(transactional, new StringSerializer(),
                topics.paperEvents().valueSerde().serializer())) {
            producer.initTransactions();
            for (int i = 3; i < 7; i++) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topics.paperEvents().name(), "arxiv:2612.0000" + i, PaperEvent.newBuilder().setEventId("e" + i)
                        .setPaperId("arxiv:2612.0000" + i).setType(EventType.VIEW).setOccurredAt(t.plusSeconds(i)).setSource("test")
                        .setReceivedAt(t).build())).get();
                if (i == 6) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
        List<JsonNode> lastTwo = lines(CommandRun.ok(concat(new String[] {"tail", "paper-events", "--limit", "2"}, connection)));
        assertThat(lastTwo).extracting(n -> n.path("value").path("eventId").asText()).containsExactly("e4", "e5");

        CommandRun unknown = CommandRun.of(concat(new String[] {"tail", "no-such-topic"}, connection));
        assertThat(unknown.exit()).isNotZero();
    }

    @Test
    void shouldPrintRecordsProducedAfterItStartsWhenFollowing(LocalStack stack) throws Exception {
        String prefix = "tail-follow-" + System.nanoTime() + "-";
        Topics topics = Topics.from(Map.of(RegistryConfig.URL, stack.schemaRegistryUrl(), Topics.PREFIX_CONFIG, prefix));
        stack.createTopics(prefix);
        try (KafkaProducer<String, PaperEvent> producer = new KafkaProducer<>(stack.kafkaConfig(), new StringSerializer(),
                topics.paperEvents().valueSerde().serializer())) {
            send(producer, topics, "before");

            TailCommand tail = new TailCommand();
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream original = System.out;
            CompletableFuture<Integer> exit;
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                exit = CompletableFuture.supplyAsync(() -> new CommandLine(tail).execute("paper-events", "--follow", "--limit", "1",
                        "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl(),
                        "--set", Topics.PREFIX_CONFIG + "=" + prefix));
                // The last record before the start shows that it follows; the next ones are sent after that.
                Awaitility.await("tail --follow prints the last record").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> eventIds(printed).contains("before"));
                send(producer, topics, "after-1");
                send(producer, topics, "after-2");
                Awaitility.await("tail --follow prints the records sent after it started").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> eventIds(printed).containsAll(List.of("after-1", "after-2")));
                assertThat(exit).as("still following").isNotDone();
                tail.stop.set(true);
                assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
            } finally {
                System.setOut(original);
            }
            System.out.print(printed.toString(StandardCharsets.UTF_8));
            assertThat(eventIds(printed)).containsExactly("before", "after-1", "after-2");
        }
    }

    private static void send(KafkaProducer<String, PaperEvent> producer, Topics topics, String eventId) throws Exception {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        producer.send(new ProducerRecord<>(topics.paperEvents().name(), "arxiv:2612.00001", PaperEvent.newBuilder().setEventId(eventId)
                .setPaperId("arxiv:2612.00001").setType(EventType.VIEW).setOccurredAt(t).setSource("test").setReceivedAt(t).build())).get();
    }

    private static List<String> eventIds(ByteArrayOutputStream printed) throws Exception {
        return lines(printed.toString(StandardCharsets.UTF_8)).stream().map(n -> n.path("value").path("eventId").asText()).toList();
    }

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.lines().filter(l -> l.startsWith("{")).toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
