package io.papertrends.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.Paper;
import io.papertrends.avro.RejectedRecord;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.ingest.parse.HfPageParser;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.parse.Parsers;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.stack.junit.TopicReader;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Publishes against the real local stack (broker and schema registry) and reads the topics back. */
@ExtendWith(LocalStackExtension.class)
class IngestPublisherIT {
    private static final Duration READ_DEADLINE = Duration.ofSeconds(60);

    @Test
    void shouldHoldExactly218DistinctPapersAfterIngestingTheSamplePageTwice(LocalStack stack) throws IOException {
        Topics topics = topics(stack);
        RecordValidator validator = new RecordValidator(IngestLimits.defaults(), Clock.systemUTC());
        IngestReport first;
        IngestReport second;
        IngestReport otherProcess;
        try (IngestPublisher publisher = publisher(stack, topics)) {
            first = ingestSample(publisher, validator);
            second = ingestSample(publisher, validator);
        }
        // A fresh publisher knows nothing of the first run: it re-sends, and compaction by key keeps one per paper.
        try (IngestPublisher publisher = publisher(stack, topics)) {
            otherProcess = ingestSample(publisher, validator);
        }

        assertThat(first.published()).isEqualTo(218);
        assertThat(first.complete()).isTrue();
        assertThat(second.published()).isZero();
        assertThat(second.unchanged()).isEqualTo(218);
        assertThat(otherProcess.published()).isEqualTo(218);

        List<ConsumerRecord<String, Paper>> papers = readAll(stack, topics.papers()).stream()
                .filter(r -> r.value().getSource().equals("hf-page")).toList();
        assertThat(papers).hasSize(436);
        Set<String> keys = papers.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(keys).hasSize(218);
        assertThat(papers).allMatch(r -> r.key().equals(r.value().getId()));
        assertThat(papers).noneMatch(r -> r.value().getTitle().contains("Subscribe"));
    }

    @Test
    void shouldPutEveryGoodLineOnItsTopicAndEveryBadLineOnIngestRejects(LocalStack stack) throws IOException {
        Topics topics = topics(stack);
        // The fixtures' events are dated 2026-11-26: a clock of that day, so the popularity windows still count them.
        RecordValidator validator = new RecordValidator(IngestLimits.defaults(), Clock.fixed(java.time.Instant.parse("2026-11-26T10:00:00Z"),
                java.time.ZoneOffset.UTC));
        IngestReport papersReport;
        IngestReport eventsReport;
        try (IngestPublisher publisher = publisher(stack, topics);
             InputStream papers = getClass().getResourceAsStream("/inputs/papers-mixed.jsonl");
             InputStream events = getClass().getResourceAsStream("/inputs/events-mixed.jsonl")) {
            papersReport = publisher.ingest(Parsers.papers(InputFormat.JSONL, validator), papers, "it/papers-mixed.jsonl");
            eventsReport = publisher.ingest(Parsers.events(validator), events, "it/events-mixed.jsonl");
        }
        assertThat(papersReport.published()).isEqualTo(3);
        assertThat(papersReport.rejected()).isEqualTo(7);
        assertThat(eventsReport.published()).isEqualTo(3);
        assertThat(eventsReport.rejected()).isEqualTo(5);

        assertThat(readAll(stack, topics.papers())).filteredOn(r -> r.value().getSource().equals("jsonl"))
                .extracting(ConsumerRecord::key)
                .contains("arxiv:1706.03762", "doi:10.18653/v1/n19-1423");
        assertThat(readAll(stack, topics.paperEvents())).extracting(r -> r.value().getSource()).containsOnly("events-jsonl").hasSize(3);
        List<ConsumerRecord<String, RejectedRecord>> rejects = readAll(stack, topics.ingestRejects());
        Map<String, List<String>> reasonsBySource = new HashMap<>();
        rejects.forEach(r -> reasonsBySource.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().getReasonCode()));
        assertThat(reasonsBySource.get("it/papers-mixed.jsonl")).containsExactlyInAnyOrder(
                "MISSING_FIELD", "INVALID_DATE", "INVALID_JSON", "TOO_LONG", "INVALID_UTF8", "INVALID_VALUE", "INVALID_JSON");
        assertThat(reasonsBySource.get("it/events-mixed.jsonl")).containsExactlyInAnyOrder(
                "UNKNOWN_EVENT_TYPE", "INVALID_DATE", "MISSING_FIELD", "INVALID_JSON", "INVALID_UTF8");
        assertThat(rejects).allMatch(r -> !r.value().getReason().isBlank() && r.value().getLineNumber() != null);
    }

    private static Topics topics(LocalStack stack) {
        return new Topics("", new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl())));
    }

    private static IngestPublisher publisher(LocalStack stack, Topics topics) {
        return new IngestPublisher(stack.kafkaConfig(), topics, IngestLimits.defaults(), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static IngestReport ingestSample(IngestPublisher publisher, RecordValidator validator) throws IOException {
        try (InputStream in = HfPageParser.openSample()) {
            return publisher.ingest(Parsers.papers(InputFormat.HF_PAGE, validator), in, "samples/hf-papers-page.txt");
        }
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(LocalStack stack, TopicSpec<String, V> topic) {
        return TopicReader.readAll(stack, topic, READ_DEADLINE);
    }
}
