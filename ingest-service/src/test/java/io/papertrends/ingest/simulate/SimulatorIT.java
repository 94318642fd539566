package io.papertrends.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.stack.junit.TopicReader;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulator against the real local stack: papers in, synthetic activity out, read back. */
@ExtendWith(LocalStackExtension.class)
class SimulatorIT {
    private static final Duration READ_DEADLINE = Duration.ofSeconds(60);
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final List<String> PAPERS = List.of("arxiv:2411.00001", "arxiv:2411.00002", "arxiv:2411.00003",
            "doi:10.1000/sim-it", "title:0123456789abcdef");

    @Test
    void shouldPublishOneEventPerSummaryCountOnlyForKnownPapersWithThePlantedBurst(LocalStack stack) throws Exception {
        Topics topics = freshTopics(stack);
        putPapers(stack, topics, PAPERS);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Simulator simulator = new Simulator(stack.kafkaConfig(), topics, Clock.systemUTC(), new PrintStream(printed, true, StandardCharsets.UTF_8));
        String burstPaper = PAPERS.get(3);
        Burst burst = Burst.parse(burstPaper + "@30mx8/20m", ActivityModel.DEFAULT_BURST_LENGTH);

        Simulator.Summary summary = simulator.run(Simulator.Options.of(5, Duration.ofHours(2), 11)
                .withBursts(List.of(burst)).withFast(START));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("burst paper=" + burstPaper + " at=2026-11-01T00:30:00Z factor=8 length=20m\n");
        assertThat(output.lines().reduce((a, b) -> b)).hasValueSatisfying(last ->
                assertThat(last).startsWith("simulated events=" + summary.events() + " failed=0 papers=5 "));
        assertThat(summary.failed()).isZero();
        // 5 events/s on average over a day, but these two hours are near the night trough.
        assertThat(summary.events()).isGreaterThan(10_000L);

        List<ConsumerRecord<String, PaperEvent>> events = readAll(stack, topics.paperEvents());
        assertThat(events).hasSize((int) summary.events());
        assertThat(events).allMatch(r -> PAPERS.contains(r.key()) && r.key().equals(r.value().getPaperId())
                && r.value().getSource().equals(ActivityModel.SOURCE));
        assertThat(events.stream().map(r -> r.value().getEventId()).distinct().count()).isEqualTo(summary.events());

        Instant burstFrom = START.plus(Duration.ofMinutes(30));
        long inBurst = countOf(events, burstPaper, burstFrom, burstFrom.plus(Duration.ofMinutes(20)));
        long before = countOf(events, burstPaper, burstFrom.minus(Duration.ofMinutes(20)), burstFrom);
        assertThat(inBurst).isGreaterThan(4 * before);
    }

    @Test
    void shouldRefuseToRunWhenThereAreNoPapers(LocalStack stack) throws Exception {
        Topics topics = freshTopics(stack);
        Simulator simulator = new Simulator(stack.kafkaConfig(), topics, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThatThrownBy(() -> simulator.run(Simulator.Options.of(5, Duration.ofMinutes(10), 1).withFast(START)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no papers in topic '" + topics.papers().name() + "'");
        assertThat(readAll(stack, topics.paperEvents())).isEmpty();
    }

    /** Topics of their own, so other tests' papers do not count; events are kept forever because their times are old. */
    private static Topics freshTopics(LocalStack stack) throws Exception {
        Topics topics = new Topics("sim-it-" + UUID.randomUUID().toString().substring(0, 8) + "-",
                new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl())));
        try (Admin admin = Admin.create(stack.kafkaConfig())) {
            admin.createTopics(List.of(
                    new NewTopic(topics.papers().name(), 3, (short) 1).configs(topics.papers().topicConfig()),
                    new NewTopic(topics.paperEvents().name(), 3, (short) 1).configs(Map.of("cleanup.policy", "delete", "retention.ms", "-1"))))
                    .all().get(30, TimeUnit.SECONDS);
            // The controller has created them; wait until the broker's metadata, which clients read, has them too.
            await().atMost(READ_DEADLINE).until(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS)
                    .containsAll(List.of(topics.papers().name(), topics.paperEvents().name())));
        }
        return topics;
    }

    private static void putPapers(LocalStack stack, Topics topics, List<String> ids) {
        TopicSpec<String, Paper> spec = topics.papers();
        try (KafkaProducer<String, Paper> producer = new KafkaProducer<>(stack.kafkaConfig(), spec.keySerde().serializer(), spec.valueSerde().serializer())) {
            for (String id : ids) {
                Paper paper = Paper.newBuilder().setId(id).setTitle("Paper " + id).setAbstractText("About " + id + ".")
                        .setSource("jsonl").setContentHash(id).setIngestedAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(spec.name(), id, paper));
            }
            producer.flush();
        }
    }

    private static long countOf(List<ConsumerRecord<String, PaperEvent>> events, String paperId, Instant from, Instant to) {
        return events.stream().map(ConsumerRecord::value)
                .filter(e -> e.getPaperId().equals(paperId) && !e.getOccurredAt().isBefore(from) && e.getOccurredAt().isBefore(to))
                .count();
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(LocalStack stack, TopicSpec<String, V> topic) {
        return TopicReader.readAll(stack, topic, READ_DEADLINE);
    }
}
