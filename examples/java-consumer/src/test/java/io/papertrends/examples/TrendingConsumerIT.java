package io.papertrends.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.DigestEntry;
import io.papertrends.avro.Movement;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java consumer example reads a ranking and a digest as the trend service writes them. */
@ExtendWith(LocalStackExtension.class)
class TrendingConsumerIT {

    @Test
    void shouldPrintRankingsAndDigests(LocalStack stack) throws Exception {
        String prefix = "example-" + System.nanoTime() + "-";
        stack.createTopics(prefix);
        Topics topics = Topics.from(Map.of(RegistryConfig.URL, stack.schemaRegistryUrl(), Topics.PREFIX_CONFIG, prefix));
        Instant t = Instant.parse("2026-12-06T08:00:00Z");
        TrendingEntry entry = TrendingEntry.newBuilder().setRank(1).setMovement(Movement.NEW).setPaperId("arxiv:1706.03762")
                .setTitle("Attention Is All You Need").setKeyphrases(List.of("attention")).setScore(42.5).setObserved(50).setExpected(5)
                .setGrowth(10).setDecay(1).setEvents(50).setReaders(40).build();
        try (KafkaProducer<String, TrendingUpdate> updates = new KafkaProducer<>(stack.kafkaConfig(), new StringSerializer(),
                topics.trendingUpdates().valueSerde().serializer());
             KafkaProducer<String, TrendingDigest> digests = new KafkaProducer<>(stack.kafkaConfig(), new StringSerializer(),
                     topics.trendingDigest().valueSerde().serializer())) {
            updates.send(new ProducerRecord<>(topics.trendingUpdates().name(), "global", TrendingUpdate.newBuilder().setScope("global")
                    .setWindow("24h").setEntries(List.of(entry)).setLeft(List.of()).setGeneratedAt(t).setAsOf(t).build())).get();
            digests.send(new ProducerRecord<>(topics.trendingDigest().name(), "global|2026-12-06", TrendingDigest.newBuilder()
                    .setScope("global").setDate("2026-12-06").setZone("UTC").setWindow("24h").setGeneratedAt(t)
                    .setEntries(List.of(DigestEntry.newBuilder().setRank(1).setMovement(Movement.NEW).setPaperId("arxiv:1706.03762")
                            .setTitle("Attention Is All You Need").setUrl("https://arxiv.org/abs/1706.03762").setKeyphrases(List.of("attention"))
                            .setScore(42.5).build())).build())).get();
        }

        Map<String, Object> config = new HashMap<>(stack.kafkaConfig());
        config.put(RegistryConfig.URL, stack.schemaRegistryUrl());
        config.put(Topics.PREFIX_CONFIG, prefix);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        TrendingConsumer.consume(config, 2, new PrintStream(captured, true, StandardCharsets.UTF_8));
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out);

        assertThat(out).contains("trending-updates global 24h as of 2026-12-06T08:00:00Z: 1 papers",
                " 1. Attention Is All You Need  (arxiv:1706.03762, score 42.5)",
                "trending-digest global 2026-12-06 (UTC, window 24h): 1 papers",
                " 1. Attention Is All You Need  https://arxiv.org/abs/1706.03762");
    }
}
