package io.papertrends.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.enrich.EnrichService;
import io.papertrends.enrich.EnrichTopology;
import io.papertrends.enrich.keyphrase.CodeLinkExtractor;
import io.papertrends.enrich.keyphrase.CorpusStats;
import io.papertrends.enrich.keyphrase.KeyphraseExtractor;
import io.papertrends.ingest.Ingest;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.publish.IngestReport;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.service.ManagementServer;
import io.papertrends.stack.LocalStack;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code bench keyphrases --stream}: keyphrase extraction as the enrich service runs it. Papers
 * (the texts of a keyphrase dataset, cycled under distinct ids, or synthetic papers without one)
 * are published onto {@code papers} first; then the enrich service starts with one stream thread
 * and a {@code read_committed} consumer of {@code papers-enriched} times the records from the
 * first committed one to the last. Before that, in the same process, the same papers through the
 * extractor alone on one thread without Kafka (learn, extract, code links, as the service's
 * processor does, over in-memory statistics): the stream's rate is printed against it.
 */
public final class KeyphraseStreamBench {

    /**
     * What to run.
     *
     * @param dataset JSONL of {@code {id, title, abstract}} whose texts the papers take in turn; null for synthetic papers
     */
    public record Options(String bootstrapServers, String registryUrl, Map<String, String> client, Path dir, int papers, int partitions,
                          Path dataset) {
        public Options {
            client = Map.copyOf(client);
        }
    }

    /** A paper's text. */
    private record Text(String title, String abstractText) { }

    private static final int TOP_N = 10;
    /** No committed record for this long ends the wait: the stream has stopped. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(120);

    private KeyphraseStreamBench() { }

    public static int run(Options o) throws Exception {
        List<Text> texts = o.dataset() != null ? readTexts(o.dataset()) : syntheticTexts(Math.min(o.papers(), 5000));
        byte[] jsonl = papersJsonl(texts, o.papers());
        System.out.printf("bench keyphrases --stream: %,d papers (%s), %d partitions, enrich with 1 stream thread%n", o.papers(),
                o.dataset() != null ? "the " + texts.size() + " texts of " + o.dataset().getFileName() + " in turn, distinct ids"
                        : "synthetic", o.partitions());

        double[] alone = extractionAlone(texts, o.papers());

        String prefix = "kp-" + System.currentTimeMillis() + "-";
        Settings base = Settings.of(BenchClients.settings(o.bootstrapServers(), o.registryUrl(), o.client(), Map.of(Topics.PREFIX_CONFIG, prefix)));
        Topics topics = Topics.from(base.asMap());
        createTopics(o, topics.all().stream().map(TopicSpec::name).toList());
        long published;
        try (Ingest ingest = Ingest.open(base, new SimpleMeterRegistry())) {
            IngestReport report = ingest.sources().ingest(InputFormat.JSONL, new ByteArrayInputStream(jsonl), "papers.jsonl");
            if (!report.complete()) {
                throw new IllegalStateException("papers not all published: " + report.summary());
            }
            published = report.published();
        }
        System.out.printf("%,d papers published onto %s (%s)%n", published, topics.papers().name(), published == o.papers() ? "all"
                : (o.papers() - published) + " rejected by ingest");

        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Settings settings = serviceSettings(o, base, prefix);
        PrometheusMeterRegistry meters = ServiceMeters.prometheus("enrich-service", settings);
        Stream stream;
        long started = System.nanoTime();
        try (Committed committed = new Committed(o, topics.papersEnriched().name());
             EnrichService service = EnrichService.start(settings, meters)) {
            stream = committed.await(published, started);
        }
        Timer extraction = meters.find("papertrends.enrich.keyphrase.extraction").timer();
        double inStreamMicros = extraction == null ? Double.NaN : extraction.mean(TimeUnit.MICROSECONDS);
        double rate = stream.afterFirst() / ((stream.lastNanos() - stream.firstNanos()) / 1e9);

        System.out.printf("%-66s %12s %14s%n", "figure", "papers/s", "µs a paper");
        System.out.printf("%-66s %,12.0f %14.1f%n", "extraction alone, one thread, no Kafka (wall clock; CPU µs " + String.format("%.1f", alone[1]) + ")",
                alone[0], 1e6 / alone[0]);
        System.out.printf("%-66s %,12.0f %14.1f%n", "enrich in the stream, 1 thread (first to last committed record)", rate, 1e6 / rate);
        System.out.printf("%-66s %12s %14.1f%n", "  of which the processor (extraction timer in the stream)", "", inStreamMicros);
        System.out.printf("papers-enriched: %,d records committed, the first %.1f s after the service started, the last %.1f s; load average %.2f%n",
                stream.count(), (stream.firstNanos() - started) / 1e9, (stream.lastNanos() - started) / 1e9, load);
        System.out.printf("ratio in the stream / alone: %.2f%n", rate / alone[0]);
        return stream.count() == published ? 0 : 1;
    }

    /**
     * Papers/s (wall clock) and CPU µs a paper of the extraction alone: learn and extract the top
     * {@value #TOP_N}, code links, over in-memory statistics on this thread; a warm-up pass on
     * another extractor first.
     */
    private static double[] extractionAlone(List<Text> texts, int papers) {
        pass(new KeyphraseExtractor(CorpusStats.coldStart()), texts, Math.min(papers, 5000));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        pass(new KeyphraseExtractor(CorpusStats.coldStart()), texts, papers);
        double seconds = (System.nanoTime() - wall) / 1e9;
        double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / papers;
        return new double[] {papers / seconds, cpuMicros};
    }

    @SuppressWarnings("unused")
    private static volatile long consumed;

    private static void pass(KeyphraseExtractor extractor, List<Text> texts, int papers) {
        CodeLinkExtractor links = new CodeLinkExtractor();
        long n = 0;
        for (int i = 0; i < papers; i++) {
            Text t = texts.get(i % texts.size());
            n += extractor.learnAndExtract(t.title(), t.abstractText(), TOP_N).size();
            n += links.extract(t.abstractText()).size();
        }
        consumed = n;
    }

    /** The first and last instants committed records were seen, how many in all and after the first poll. */
    private record Stream(long count, long afterFirst, long firstNanos, long lastNanos) { }

    /** A {@code read_committed} reader of a topic from its start. */
    private static final class Committed implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;

        Committed(Options o, String topic) {
            Map<String, Object> config = BenchClients.kafka(o.bootstrapServers(), o.client());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        Stream await(long expected, long started) {
            long count = 0;
            long firstBatch = 0;
            long first = 0;
            long last = started;
            while (count < expected) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                if (records.isEmpty()) {
                    if (now - last > STALL_NANOS) {
                        System.out.printf("no committed papers-enriched record for %d s: %,d of %,d seen%n",
                                TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS), count, expected);
                        break;
                    }
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.value() != null) {
                        count++;
                    }
                }
                if (first == 0) {
                    first = now;
                    firstBatch = count;
                }
                last = now;
            }
            return new Stream(count, count - firstBatch, first, last);
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static Settings serviceSettings(Options o, Settings base, String prefix) {
        Map<String, String> values = new LinkedHashMap<>(base.asMap());
        values.put(ManagementServer.HOST, "127.0.0.1");
        values.put(ManagementServer.PORT, Integer.toString(freePort()));
        values.put("papertrends.instance", "enrich-service");
        values.put("application.id", prefix + "enrich");
        values.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        values.put(EnrichTopology.TOP_N, Integer.toString(TOP_N));
        values.put(StreamsSettings.STATE_DIR, o.dir().resolve("state").toString());
        return Settings.of(values);
    }

    private static void createTopics(Options o, List<String> names) throws Exception {
        try (Admin admin = Admin.create(BenchClients.kafka(o.bootstrapServers(), o.client()))) {
            List<NewTopic> created = new ArrayList<>();
            names.forEach(n -> created.add(new NewTopic(n, o.partitions(), (short) 1)));
            admin.createTopics(created).all().get(60, TimeUnit.SECONDS);
            LocalStack.awaitLeaders(admin, names);
        }
    }

    /** The texts of a {@code {title, abstract}} JSONL; an empty title becomes the abstract's first ten words (ingest needs a title). */
    private static List<Text> readTexts(Path dataset) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Text> texts = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(dataset, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                String abstractText = node.path("abstract").asText("");
                String title = node.path("title").asText("");
                if (title.isBlank()) {
                    String[] words = abstractText.split("\\s+", 11);
                    title = String.join(" ", java.util.Arrays.copyOf(words, Math.min(10, words.length)));
                }
                if (!abstractText.isBlank()) {
                    texts.add(new Text(title, abstractText));
                }
            }
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(dataset + " holds no abstract");
        }
        return texts;
    }

    /** The texts of {@link SyntheticPapers}. */
    private static List<Text> syntheticTexts(int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SyntheticPapers.write(out, count, 1000, 42);
        ObjectMapper json = new ObjectMapper();
        List<Text> texts = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode node = json.readTree(line);
            texts.add(new Text(node.path("title").asText(), node.path("abstract").asText()));
        }
        return texts;
    }

    /** {@code papers} papers in the {@code jsonl} input format, distinct arXiv ids, the texts in turn. */
    private static byte[] papersJsonl(List<Text> texts, int papers) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            for (int i = 0; i < papers; i++) {
                Text t = texts.get(i % texts.size());
                g.writeStartObject();
                g.writeStringField("arxivId", SyntheticPapers.arxivId(i));
                g.writeStringField("title", t.title());
                g.writeStringField("abstract", t.abstractText());
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
        return out.toByteArray();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
