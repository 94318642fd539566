package io.papertrends.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.ingest.bench.SyntheticPapers;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.parse.Parsers;
import io.papertrends.ingest.publish.IngestPublisher;
import io.papertrends.ingest.publish.IngestReport;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.stack.LocalStack;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * {@code bench ingest}: papers/s and MB/s of {@code ingest --format jsonl} on a generated file,
 * next to Kafka's own producer-performance tool sending the same lines (same count, same
 * bytes, same producer settings) to the same broker, and the ratio.
 */
public final class IngestBench {

    /** What to run. */
    public record Options(String bootstrapServers, String registryUrl, int papers, int abstractChars, int partitions, Path dir) { }

    private static final Pattern PERF = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

    private IngestBench() { }

    public static int run(Options o) throws Exception {
        Path input = o.dir().resolve("papers.jsonl");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(input), 1 << 20)) {
            SyntheticPapers.write(out, o.papers(), o.abstractChars(), 42);
        }
        long fileBytes = Files.size(input);
        System.out.printf("bench ingest: %,d papers, %.1f MB of JSONL (%d bytes/paper), %d partitions%n",
                o.papers(), fileBytes / 1e6, fileBytes / o.papers(), o.partitions());

        // Warm-up on another prefix: the first run of a JVM is about half as fast.
        ingest(o, "bench-warm-" + System.nanoTime() + "-", input);
        IngestReport report = ingest(o, "bench-run-" + System.nanoTime() + "-", input);
        double seconds = report.elapsed().toNanos() / 1e9;
        double papersPerSecond = report.published() / seconds;
        double mbPerSecond = fileBytes / 1e6 / seconds;

        String perfTopic = "bench-perf-" + System.nanoTime();
        createTopics(o, List.of(perfTopic));
        double[] perf = producerPerformance(o, perfTopic, input);

        System.out.printf("%-48s %12s %10s%n", "run", "records/s", "MB/s");
        System.out.printf("%-48s %,12.0f %10.1f%n", "Kafka producer-performance (same lines)", perf[0], perf[1]);
        System.out.printf("%-48s %,12.0f %10.1f%n", "papertrends ingest --format jsonl", papersPerSecond, mbPerSecond);
        System.out.printf("ratio ingest / producer-performance: %.2f (records/s)%n", papersPerSecond / perf[0]);
        System.out.println("ingest summary: " + report.summary());
        return report.published() == o.papers() ? 0 : 1;
    }

    private static IngestReport ingest(Options o, String prefix, Path input) throws Exception {
        Topics topics = new Topics(prefix, new SchemaRegistryClient(RegistryConfig.of(o.registryUrl())));
        createTopics(o, topics.all().stream().map(TopicSpec::name).toList());
        IngestLimits limits = IngestLimits.defaults();
        RecordValidator validator = new RecordValidator(limits, Clock.systemUTC());
        try (IngestPublisher publisher = new IngestPublisher(Map.of("bootstrap.servers", o.bootstrapServers()), topics, limits,
                Clock.systemUTC(), new SimpleMeterRegistry());
             InputStream in = Files.newInputStream(input)) {
            return publisher.ingest(Parsers.papers(InputFormat.JSONL, validator), in, input.toString());
        }
    }

    private static void createTopics(Options o, List<String> names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", o.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            names.forEach(n -> topics.add(new NewTopic(n, o.partitions(), (short) 1)));
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            LocalStack.awaitLeaders(admin, names);
        }
    }

    /** Runs Kafka's tool in this process with the publisher's producer settings; returns records/s and MB/s. */
    private static double[] producerPerformance(Options o, String topic, Path payloads) throws Exception {
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", Integer.toString(o.papers()),
                "--throughput", "-1", "--payload-file", payloads.toString(), "--producer-props"));
        IngestPublisher.producerConfig(Map.of("bootstrap.servers", o.bootstrapServers()))
                .forEach((k, v) -> args.add(k + "=" + v));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ProducerPerformance.main(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        Matcher last = null;
        Matcher m = PERF.matcher(output);
        while (m.find()) {
            last = PERF.matcher(m.group());
            last.find();
        }
        if (last == null) {
            throw new IllegalStateException("no result from Kafka's producer-performance tool:\n" + output);
        }
        return new double[] {Double.parseDouble(last.group(2)), Double.parseDouble(last.group(3))};
    }
}
