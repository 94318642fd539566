package io.papertrends.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.Paper;
import io.papertrends.avro.RejectedRecord;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.ingest.parse.HfPageParser;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.parse.Parsers;
import io.papertrends.serde.SerdeFactory;
import io.papertrends.testing.PlainAvroSerdes;
import io.papertrends.topics.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestPublisherTest {
    private final Topics topics = new Topics("", new PlainAvroSerdes());
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    // The inputs' events are dated 2026-11-26: a clock of that day, so the popularity windows still count them.
    private final RecordValidator validator = new RecordValidator(IngestLimits.defaults(),
            Clock.fixed(java.time.Instant.parse("2026-11-26T10:00:00Z"), java.time.ZoneOffset.UTC));
    private final IngestPublisher publisher = new IngestPublisher(producer, topics, IngestLimits.defaults(), Clock.systemUTC(), meters);

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void shouldPublishTheSamplePageOnceAndSkipUnchangedPapersTheSecondTime() throws IOException {
        IngestReport first = ingestSample();
        IngestReport second = ingestSample();

        assertThat(first.accepted()).isEqualTo(218);
        assertThat(first.published()).isEqualTo(218);
        assertThat(first.rejected()).isZero();
        assertThat(first.complete()).isTrue();
        assertThat(first.bytes()).isPositive();
        assertThat(second.accepted()).isEqualTo(218);
        assertThat(second.published()).isZero();
        assertThat(second.unchanged()).isEqualTo(218);
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSize(218).allMatch(r -> r.topic().equals(Topics.PAPERS));
        assertThat(sent.stream().map(ProducerRecord::key).collect(Collectors.toSet())).hasSize(218);
        Paper decoded = topics.papers().valueSerde().deserializer().deserialize(Topics.PAPERS, sent.get(0).value());
        assertThat(decoded.getId()).isEqualTo(sent.get(0).key());
        assertThat(meters.counter("papertrends.ingest.accepted", "format", "hf-page", "kind", "paper").count()).isEqualTo(436.0);
        assertThat(meters.counter("papertrends.ingest.unchanged", "format", "hf-page", "kind", "paper").count()).isEqualTo(218.0);
    }

    @Test
    void shouldReadTheFirst64BitsOfAHexHashAndFallBackToAStableValueForOtherText() {
        assertThat(IngestPublisher.hashPrefix("0123456789abcdef" + "f".repeat(48))).isEqualTo(0x0123456789abcdefL);
        assertThat(IngestPublisher.hashPrefix("ffffffffffffffff")).isEqualTo(-1L);
        assertThat(IngestPublisher.hashPrefix("00ff")).isEqualTo(0xffL);
        assertThat(IngestPublisher.hashPrefix("not-hex")).isEqualTo("not-hex".hashCode());
        assertThat(IngestPublisher.hashPrefix("0123456789ABCDEF")).isEqualTo("0123456789ABCDEF".hashCode());
    }

    @Test
    void shouldRepublishAPaperWhoseContentChanged() throws IOException {
        ingest("{\"title\":\"T\",\"abstract\":\"First version.\"}");
        IngestReport changed = ingest("{\"title\":\"T\",\"abstract\":\"Second version.\"}");
        assertThat(changed.published()).isEqualTo(1);
        assertThat(producer.history()).hasSize(2).extracting(ProducerRecord::key).containsOnly(producer.history().get(0).key());
    }

    @Test
    void shouldSendRejectionsKeyedBySourceWithReasonAndRawInput() throws IOException {
        IngestReport report = ingest("{\"title\":\"Good\",\"abstract\":\"Fine.\"}\n{\"abstract\":\"no title\"}\nnot json\n");

        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.rejected()).isEqualTo(2);
        assertThat(report.rejectedByReason()).isEqualTo(Map.of("MISSING_FIELD", 1L, "INVALID_JSON", 1L));
        assertThat(report.summary()).isEqualTo("accepted 1 (published 1, unchanged 0), rejected 2 (INVALID_JSON 1, MISSING_FIELD 1)");
        List<ProducerRecord<String, byte[]>> rejects = producer.history().stream()
                .filter(r -> r.topic().equals(Topics.INGEST_REJECTS)).toList();
        assertThat(rejects).hasSize(2).allMatch(r -> r.key().equals("papers.jsonl"));
        RejectedRecord r = topics.ingestRejects().valueSerde().deserializer().deserialize(Topics.INGEST_REJECTS, rejects.get(1).value());
        assertThat(r.getReasonCode()).isEqualTo("INVALID_JSON");
        assertThat(r.getLineNumber()).isEqualTo(3L);
        assertThat(r.getLocation()).isEqualTo("line 3");
        assertThat(r.getFormat()).isEqualTo("jsonl");
        assertThat(StandardCharsets.UTF_8.decode(r.getRaw()).toString()).isEqualTo("not json");
        assertThat(meters.counter("papertrends.ingest.rejected", "format", "jsonl", "reason", "INVALID_JSON").count()).isEqualTo(1.0);
    }

    @Test
    void shouldPublishEventsKeyedByPaperId() throws IOException {
        byte[] events = "{\"paperId\":\"arXiv:1706.03762v2\",\"type\":\"view\",\"occurredAt\":\"2026-11-26T09:00:00Z\"}\n"
                .getBytes(StandardCharsets.UTF_8);
        IngestReport report = publisher.ingest(Parsers.events(validator), new ByteArrayInputStream(events), "events.jsonl");
        assertThat(report.published()).isEqualTo(1);
        assertThat(producer.history()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(Topics.PAPER_EVENTS);
            assertThat(r.key()).isEqualTo("arxiv:1706.03762");
        });
    }

    @Test
    void shouldSendAgainNextTimeThePapersLeftUnsentWhenTheProducerFailsMidRun() throws IOException {
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 1_000; i++) {
            file.writeBytes(("{\"title\":\"Paper number " + i + "\",\"abstract\":\"What paper number " + i
                    + " found, in a sentence or two.\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        AtomicBoolean closed = new AtomicBoolean(false);
        AtomicBoolean armed = new AtomicBoolean(true);
        MockProducer<String, byte[]> closing = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    ProducerRecord<String, byte[]> record, org.apache.kafka.clients.producer.Callback callback) {
                if (history().size() == 299 && armed.getAndSet(false)) {
                    closed.set(true);
                }
                if (closed.get()) {
                    throw new IllegalStateException("Cannot perform operation after producer has been closed");
                }
                return super.send(record, callback);
            }
        };
        try (IngestPublisher p = new IngestPublisher(closing, topics, IngestLimits.defaults(), Clock.systemUTC(), meters)) {
            var parser = Parsers.papers(InputFormat.JSONL, validator);
            // Papers prepared on the parsing thread but still queued when sending failed were never sent.
            assertThatThrownBy(() -> p.ingest(parser, new ByteArrayInputStream(file.toByteArray()), "papers.jsonl"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            assertThat(closing.history()).hasSize(299);

            closed.set(false);
            IngestReport again = p.ingest(parser, new ByteArrayInputStream(file.toByteArray()), "papers.jsonl");
            assertThat(again.unchanged()).isEqualTo(299);
            assertThat(again.published()).isEqualTo(701);
            assertThat(closing.history().stream().map(ProducerRecord::key).distinct()).hasSize(1_000);
        }
    }

    @Test
    void shouldCountUnacknowledgedRecordsAsFailedAndSendThemAgainNextTime() throws IOException {
        AtomicBoolean brokerDown = new AtomicBoolean(true);
        MockProducer<String, byte[]> flaky = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized void flush() {
                // Answers every pending send at flush time: an error while the broker is "down", else success.
                boolean pending = true;
                while (pending) {
                    pending = brokerDown.get() ? errorNext(new TimeoutException("broker gone")) : completeNext();
                }
            }
        };
        try (IngestPublisher p = new IngestPublisher(flaky, topics, IngestLimits.defaults(), Clock.systemUTC(), meters)) {
            var parser = Parsers.papers(InputFormat.JSONL, validator);
            byte[] line = "{\"title\":\"T\",\"abstract\":\"A.\"}".getBytes(StandardCharsets.UTF_8);

            IngestReport failed = p.ingest(parser, new ByteArrayInputStream(line), "x.jsonl");
            assertThat(failed.failed()).isEqualTo(1);
            assertThat(failed.complete()).isFalse();
            assertThat(failed.summary()).endsWith("FAILED to publish 1");

            brokerDown.set(false);
            IngestReport again = p.ingest(parser, new ByteArrayInputStream(line), "x.jsonl");
            assertThat(again.published()).isEqualTo(1);
            assertThat(again.unchanged()).isZero();
            assertThat(again.failed()).isZero();
        }
    }

    @Test
    void shouldStopTheRunWhenAValueCannotBeSerialized() {
        SerdeFactory broken = new SerdeFactory() {
            @Override
            public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
                return Serdes.serdeFrom((topic, value) -> {
                    throw new SerializationException("registry unreachable");
                }, (topic, bytes) -> null);
            }
        };
        try (IngestPublisher p = new IngestPublisher(producer, new Topics("", broken), IngestLimits.defaults(), Clock.systemUTC(), meters);
             InputStream in = HfPageParser.openSample()) {
            assertThatThrownBy(() -> p.ingest(Parsers.papers(InputFormat.HF_PAGE, validator), in, "sample"))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("registry unreachable");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldPublishTheRecordsReadBeforeTheInputFails() throws IOException {
        byte[] good = "{\"title\":\"Before\",\"abstract\":\"Read.\"}\n".getBytes(StandardCharsets.UTF_8);
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(good), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        });
        assertThatThrownBy(() -> publisher.ingest(Parsers.papers(InputFormat.JSONL, validator), failing, "f.jsonl"))
                .isInstanceOf(IOException.class).hasMessage("disk gone");
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void shouldTuneTheProducerForSafeThroughputButLetSettingsWin() {
        Map<String, Object> config = IngestPublisher.producerConfig(Map.of("bootstrap.servers", "b:9092", "linger.ms", 5));
        assertThat(config).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry("bootstrap.servers", "b:9092");
    }

    private IngestReport ingestSample() throws IOException {
        try (InputStream in = HfPageParser.openSample()) {
            return publisher.ingest(Parsers.papers(InputFormat.HF_PAGE, validator), in, "sample");
        }
    }

    private IngestReport ingest(String jsonl) throws IOException {
        return publisher.ingest(Parsers.papers(InputFormat.JSONL, validator),
                new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), "papers.jsonl");
    }
}
