package io.papertrends.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.config.Settings;
import io.papertrends.enrich.EnrichService;
import io.papertrends.enrich.EnrichTopology;
import io.papertrends.enrich.popularity.PopularityConfig;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.ingest.parse.HfPageParser;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.parse.Parsers;
import io.papertrends.ingest.publish.IngestPublisher;
import io.papertrends.ingest.publish.IngestReport;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.streams.StreamsRunner;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled sample page through ingest and enrich on the real broker and registry: all 218
 * papers come out of {@code papers-enriched} with ten keyphrases each, and ingesting the page
 * again adds no paper.
 */
@ExtendWith(LocalStackExtension.class)
class SamplePageEnrichmentIT {

    @Test
    void shouldEnrichEveryPaperOfTheSamplePage(LocalStack stack, @TempDir Path stateDir) throws Exception {
        Settings settings = Settings.of(Map.of("bootstrap.servers", stack.bootstrapServers(), "schema.registry.url", stack.schemaRegistryUrl(),
                StreamsSettings.STATE_DIR, stateDir.toString(), "application.id", "e2e-enrich-" + System.nanoTime()));
        Topics topics = new Topics("", new SchemaRegistryClient(RegistryConfig.from(settings.asMap())));
        RecordValidator validator = new RecordValidator(IngestLimits.defaults(), Clock.systemUTC());
        try (IngestPublisher publisher = new IngestPublisher(settings.kafkaProperties(), topics, IngestLimits.defaults(), Clock.systemUTC(),
                new SimpleMeterRegistry())) {
            IngestReport first = publisher.ingest(Parsers.papers(InputFormat.HF_PAGE, validator), HfPageParser.openSample(), "sample");
            assertThat(first.accepted()).isEqualTo(218);
            assertThat(first.rejected()).isZero();
            IngestReport again = publisher.ingest(Parsers.papers(InputFormat.HF_PAGE, validator), HfPageParser.openSample(), "sample");
            assertThat(again.unchanged()).as("an unchanged paper is not republished").isEqualTo(218);
        }

        var topology = EnrichTopology.buildTopology(topics, PopularityConfig.defaults(), 10, new SimpleMeterRegistry());
        Map<String, EnrichedPaper> enriched = new HashMap<>();
        try (StreamsRunner runner = new StreamsRunner(topology, StreamsSettings.streamsConfig(settings, EnrichService.DEFAULT_APPLICATION_ID))) {
            runner.start(false);
            Map<String, Object> config = new HashMap<>(stack.kafkaConfig());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + System.nanoTime());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, EnrichedPaper> consumer = new KafkaConsumer<>(config, topics.papersEnriched().keySerde().deserializer(),
                    topics.papersEnriched().valueSerde().deserializer())) {
                consumer.subscribe(List.of(topics.papersEnriched().name()));
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (enriched.size() < 218 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> enriched.put(r.key(), r.value()));
                }
            }
        }
        assertThat(enriched).hasSize(218);
        assertThat(enriched.values()).allSatisfy(p -> {
            assertThat(p.getKeyphrases()).hasSize(10);
            assertThat(p.getPaper().getTitle()).doesNotContain("Subscribe");
        });
        enriched.values().stream().sorted((a, b) -> a.getPaper().getId().compareTo(b.getPaper().getId())).limit(5).forEach(p ->
                System.out.printf("%s | %s%n    %s%n", p.getPaper().getId(), p.getPaper().getTitle(),
                        p.getKeyphrases().stream().map(k -> k.getPhrase()).toList()));
    }
}
