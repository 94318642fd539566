package io.papertrends.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.papertrends.avro.Paper;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.registry.SchemaRegistryException;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalStackExtension.class)
class LocalStackIT {

    static Paper paper(String id) {
        return Paper.newBuilder().setId(id).setTitle("Attention Is All You Need").setAbstractText("We propose the Transformer.")
                .setAuthors(List.of("A. Vaswani")).setCategories(List.of("cs.CL")).setPublishedAt(Instant.parse("2017-06-12T00:00:00Z"))
                .setArxivId("1706.03762").setArxivVersion(7).setSource("jsonl").setContentHash("00")
                .setIngestedAt(Instant.parse("2026-11-26T12:00:00Z")).build();
    }

    static Topics topics(LocalStack stack) {
        return new Topics("", new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl())));
    }

    static void produce(LocalStack stack, TopicSpec<String, Paper> spec, Paper value) throws Exception {
        Map<String, Object> config = new HashMap<>(stack.kafkaConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Paper> producer = new KafkaProducer<>(config, spec.keySerde().serializer(), spec.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(spec.name(), value.getId(), value)).get(30, TimeUnit.SECONDS);
        }
    }

    static List<ConsumerRecord<String, Paper>> readAll(LocalStack stack, TopicSpec<String, Paper> spec, int expected) {
        Map<String, Object> config = new HashMap<>(stack.kafkaConfig());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        List<ConsumerRecord<String, Paper>> out = new ArrayList<>();
        try (KafkaConsumer<String, Paper> consumer = new KafkaConsumer<>(config, spec.keySerde().deserializer(), spec.valueSerde().deserializer())) {
            consumer.subscribe(List.of(spec.name()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void shouldRoundTripARecordThroughTheBrokerWithTheProjectSerde(LocalStack stack) throws Exception {
        Topics topics = topics(stack);
        Paper sent = paper("arxiv:1706.03762");
        produce(stack, topics.papers(), sent);

        List<ConsumerRecord<String, Paper>> received = readAll(stack, topics.papers(), 1);
        assertThat(received).extracting(ConsumerRecord::key).contains("arxiv:1706.03762");
        assertThat(received.get(received.size() - 1).value()).isEqualTo(sent);
        byte[] raw = topics.papers().valueSerde().serializer().serialize(topics.papers().name(), sent);
        assertThat(raw[0]).as("magic byte").isZero();
        System.out.printf("broker start to ready: %d ms%n", stack.brokerStartup().toMillis());
    }

    @Test
    void shouldCreateTheContractTopicsWithTheirLayout(LocalStack stack) throws Exception {
        Topics topics = topics(stack);
        try (Admin admin = Admin.create(stack.kafkaConfig())) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).containsAll(topics.all().stream().map(TopicSpec::name).toList()).contains(LocalStack.SCHEMAS_TOPIC);
            Map<String, TopicDescription> papers = admin.describeTopics(List.of(topics.papers().name())).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(papers.get(topics.papers().name()).partitions()).hasSize(stack.options().partitions());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.papers().name());
            assertThat(admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldKeepTopicsRecordsAndSchemaIdsAcrossARestart(@TempDir Path dir) throws Exception {
        int id;
        Paper sent = paper("arxiv:2401.00001");
        try (LocalStack first = LocalStackExtension.startPrivate(dir, Optional.empty())) {
            Topics topics = topics(first);
            produce(first, topics.papers(), sent);
            id = new SchemaRegistryClient(RegistryConfig.of(first.schemaRegistryUrl()))
                    .lookup(topics.papers().name() + "-value", Paper.getClassSchema()).orElseThrow().id();
        }
        try (LocalStack second = LocalStackExtension.startPrivate(dir, Optional.empty())) {
            Topics topics = topics(second);
            SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(second.schemaRegistryUrl()));
            assertThat(client.schemaById(id)).isEqualTo(Paper.getClassSchema());
            assertThat(client.register(topics.papers().name() + "-value", Paper.getClassSchema())).isEqualTo(id);
            Schema other = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Other\",\"fields\":[]}");
            assertThat(client.register("other-value", other)).as("ids keep growing after a restart").isGreaterThan(id);
            List<ConsumerRecord<String, Paper>> received = readAll(second, topics.papers(), 1);
            assertThat(received).extracting(ConsumerRecord::value).containsExactly(sent);
        }
    }

    @Test
    void shouldRestartTheBrokerInPlaceOnTheSameDataAndPorts(@TempDir Path dir) throws Exception {
        Paper before = paper("arxiv:2401.00002");
        Paper after = paper("arxiv:2401.00003");
        try (LocalStack stack = LocalStackExtension.startPrivate(dir, Optional.empty())) {
            Topics topics = topics(stack);
            String bootstrap = stack.bootstrapServers();
            produce(stack, topics.papers(), before);

            Duration down = stack.restartKafka(Duration.ofMillis(500));

            assertThat(down).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            assertThat(stack.bootstrapServers()).isEqualTo(bootstrap);
            produce(stack, topics.papers(), after);
            assertThat(readAll(stack, topics.papers(), 2)).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(before, after);
            // Twice in one process: nothing left over from the first run stops the second.
            stack.restartKafka(Duration.ZERO);
            assertThat(readAll(stack, topics.papers(), 2)).hasSize(2);
        }
    }

    @Test
    void shouldRequireBasicAuthWhenConfigured(@TempDir Path dir) {
        try (LocalStack stack = LocalStackExtension.startPrivate(dir, Optional.of("svc:s3cret"))) {
            SchemaRegistryClient anonymous = new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl()));
            assertThatThrownBy(anonymous::subjects).isInstanceOf(SchemaRegistryException.class)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(401))
                    .hasMessageContaining(RegistryConfig.USER_INFO);
            SchemaRegistryClient authorised = new SchemaRegistryClient(RegistryConfig.from(Map.of(
                    RegistryConfig.URL, stack.schemaRegistryUrl(),
                    RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO", RegistryConfig.USER_INFO, "svc:s3cret")));
            assertThat(authorised.register("auth-value", Paper.getClassSchema())).isPositive();
        }
    }
}
