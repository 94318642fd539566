package io.papertrends.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.PaperEvent;
import io.papertrends.config.Settings;
import io.papertrends.ingest.Ingest;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.IngestService;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.parse.ParseCost;
import io.papertrends.ingest.publish.IngestReport;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.service.HttpApi;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RateLimiter;
import io.papertrends.topics.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bench ingest --events}: reader events/s through ingest's two paths for events, the
 * {@code events-jsonl} input (as {@code ingest --format events-jsonl}) and {@code POST /events}
 * of the ingest service (closed-loop clients, each sending JSON arrays and waiting for the answer
 * before the next), next to Kafka's producer-performance tool sending as many records of the
 * events' Avro value size to the same broker with the same producer settings. Rounds, warm-up
 * rounds and a full collection before each timed run as in {@link IngestBench}; last, what ingest
 * adds to a send per event on one thread without Kafka ({@link ParseCost#measureEvents}).
 */
public final class IngestEventsBench {

    /**
     * What to run.
     *
     * @param cluster     the cluster, partitions, rounds and scratch directory ({@code papers}: the number of events)
     * @param httpClients concurrent {@code POST /events} clients, one connection each
     * @param httpBatch   events in each request's array
     */
    public record Options(IngestBench.Options cluster, int httpClients, int httpBatch) { }

    /** Papers the events are about (of {@link SyntheticPapers}); enough that a few hot ones do not make one partition the bottleneck. */
    private static final int PAPERS = 10_000;

    private IngestEventsBench() { }

    public static int run(Options eo) throws Exception {
        IngestBench.Options o = eo.cluster();
        int events = o.papers();
        Path input = o.dir().resolve("events.jsonl");
        List<byte[]> bodies = new ArrayList<>();
        List<Integer> bodySizes = new ArrayList<>();
        writeEvents(input, events, eo.httpBatch(), bodies, bodySizes);
        long fileBytes = Files.size(input);
        System.out.printf("bench ingest --events: %,d reader events, %.1f MB of events-jsonl (%d bytes/event), %d partitions; POST /events: "
                        + "%d closed-loop clients, %d events a request; %d warm-up and %d measured round(s)%n", events, fileBytes / 1e6,
                fileBytes / events, o.partitions(), eo.httpClients(), eo.httpBatch(), o.warmupRounds(), o.rounds());

        // The ingest service, as in production, on its own topics; it stays up for every round.
        Topics serviceTopics = IngestBench.topics(o, "bench-http-" + System.nanoTime() + "-");
        Settings serviceSettings = serviceSettings(o, serviceTopics.prefix());
        int exit;
        try (IngestService service = IngestService.start(serviceSettings, ServiceMeters.prometheus("ingest-service", serviceSettings));
             Cpu.Timeline cpu = new Cpu.Timeline()) {
            URI uri = URI.create("http://127.0.0.1:" + service.port() + "/events");
            Runs runs = new Runs(eo, input, fileBytes, bodies, bodySizes, uri, cpu);
            for (int round = 1; round <= o.warmupRounds(); round++) {
                runs.round(round, false);
            }
            System.out.printf("%-7s %-46s %12s %10s %12s %12s %s%n", "round", "run", "records/s", "MB/s", "value bytes", "CPU µs/rec",
                    "load (1 min)");
            for (int round = 1; round <= o.rounds(); round++) {
                runs.round(round, true);
            }
            exit = runs.summary();
        }
        printParseCost(o, input);
        return exit;
    }

    /** The runs of every round, and their ratios. */
    private static final class Runs {
        private final Options eo;
        private final IngestBench.Options o;
        private final Path input;
        private final long fileBytes;
        private final List<byte[]> bodies;
        private final List<Integer> bodySizes;
        private final URI uri;
        private final Cpu.Timeline cpu;
        private final List<Double> jsonlRatios = new ArrayList<>();
        private final List<Double> httpRatios = new ArrayList<>();
        private boolean complete = true;
        /** Mean Avro value size of the events as published, from the first events-jsonl run: the tool's record size. */
        private int valueBytes;
        private IngestReport lastReport;

        Runs(Options eo, Path input, long fileBytes, List<byte[]> bodies, List<Integer> bodySizes, URI uri, Cpu.Timeline cpu) {
            this.eo = eo;
            this.o = eo.cluster();
            this.input = input;
            this.fileBytes = fileBytes;
            this.bodies = bodies;
            this.bodySizes = bodySizes;
            this.uri = uri;
            this.cpu = cpu;
        }

        void round(int round, boolean measured) throws Exception {
            int events = o.papers();
            double load = loadAverage();
            Topics topics = IngestBench.topics(o, "bench-events-" + System.nanoTime() + "-");
            IngestBench.settle();
            long[] end = new long[1];
            IngestReport report = ingest(topics, end);
            lastReport = report;
            if (valueBytes == 0 && report.published() > 0) {
                valueBytes = (int) Math.round((double) report.bytes() / report.published());
            }
            boolean jsonlAcknowledged = report.published() == events && report.failed() == 0;
            double jsonlRate = report.published() / (report.elapsed().toNanos() / 1e9);

            double httpLoad = loadAverage();
            IngestBench.settle();
            Http http = post();
            boolean httpAcknowledged = http.accepted == events && http.failed == 0;
            double httpRate = http.accepted / (http.nanos / 1e9);

            double perfLoad = loadAverage();
            String perfTopic = "bench-events-perf-" + System.nanoTime();
            IngestBench.createTopics(o, List.of(perfTopic));
            IngestBench.settle();
            double[] perf = IngestBench.producerPerformance(o.bootstrapServers(), o.client(), o.dir(), perfTopic,
                    List.of("--record-size", Integer.toString(valueBytes)), events);
            long perfEnd = System.nanoTime();
            if (!measured) {
                System.out.printf("warm-up %d: events-jsonl %,.0f events/s, POST /events %,.0f events/s, producer-performance %,.0f records/s%n",
                        round, jsonlRate, httpRate, perf[0]);
                return;
            }
            long jsonlCpu = cpu.between(end[0] - report.elapsed().toNanos(), end[0]);
            long httpCpu = cpu.between(http.endNanos - http.nanos, http.endNanos);
            long perfCpu = cpu.between(perfEnd - (long) (events / perf[0] * 1e9), perfEnd);
            System.out.printf("%-7d %-46s %,12.0f %10.1f %,12d %12.1f %.2f%n", round, "papertrends ingest --format events-jsonl", jsonlRate,
                    fileBytes / 1e6 / (report.elapsed().toNanos() / 1e9), report.published() == 0 ? 0 : report.bytes() / report.published(),
                    IngestBench.perRecord(jsonlCpu, events), load);
            System.out.printf("%-7d %-46s %,12.0f %10.1f %,12d %12.1f %.2f%n", round,
                    String.format("POST /events (%d clients, %d a request)", eo.httpClients(), eo.httpBatch()), httpRate,
                    http.bodyBytes / 1e6 / (http.nanos / 1e9), valueBytes, IngestBench.perRecord(httpCpu, events), httpLoad);
            System.out.printf("%-7d %-46s %,12.0f %10.1f %,12d %12.1f %.2f%n", round,
                    "Kafka producer-performance (" + valueBytes + "-byte records)", perf[0], perf[1], valueBytes,
                    IngestBench.perRecord(perfCpu, events), perfLoad);
            String jsonlRatio = jsonlAcknowledged ? String.format("%.2f", jsonlRate / perf[0])
                    : String.format("none (%,d of %,d events not acknowledged)", events - report.published() + report.failed(), events);
            String httpRatio = httpAcknowledged ? String.format("%.2f", httpRate / perf[0])
                    : String.format("none (%,d of %,d events not accepted: %s)", events - http.accepted, events, http.firstFailure);
            System.out.printf("%-7d ratio events-jsonl / producer-performance: %s; POST /events / producer-performance: %s (records/s)%n", round,
                    jsonlRatio, httpRatio);
            complete &= jsonlAcknowledged && httpAcknowledged;
            if (jsonlAcknowledged) {
                jsonlRatios.add(jsonlRate / perf[0]);
            }
            if (httpAcknowledged) {
                httpRatios.add(httpRate / perf[0]);
            }
        }

        int summary() {
            if (lastReport != null) {
                System.out.println("events-jsonl summary (last round): " + lastReport.summary());
            }
            printMedian("events-jsonl", jsonlRatios);
            printMedian("POST /events", httpRatios);
            return complete && !jsonlRatios.isEmpty() && !httpRatios.isEmpty() ? 0 : 1;
        }

        private static void printMedian(String run, List<Double> ratios) {
            List<Double> sorted = ratios.stream().sorted().toList();
            if (sorted.isEmpty()) {
                System.out.printf("ratio %s / producer-performance: no round completed%n", run);
                return;
            }
            System.out.printf("ratio %s / producer-performance: median %.2f, range %.2f-%.2f over %d round(s)%n", run,
                    sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
        }

        private IngestReport ingest(Topics topics, long[] end) throws Exception {
            try (Ingest ingest = Ingest.open(IngestBench.settings(o, topics.prefix()), new SimpleMeterRegistry());
                 InputStream in = Files.newInputStream(input)) {
                IngestReport report = ingest.sources().ingest(InputFormat.EVENTS_JSONL, in, input.toString());
                end[0] = System.nanoTime();
                return report;
            }
        }

        /** The figures of one closed-loop run of {@code POST /events}. */
        private static final class Http {
            long accepted;
            long failed;
            long bodyBytes;
            long nanos;
            long endNanos;
            String firstFailure;
        }

        /** Every body once, taken in turn by the clients; each client sends its next when the answer to its last has come. */
        private Http post() throws InterruptedException {
            AtomicInteger next = new AtomicInteger();
            AtomicLong accepted = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicLong bodyBytes = new AtomicLong();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            CountDownLatch ready = new CountDownLatch(eo.httpClients());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < eo.httpClients(); c++) {
                Thread t = new Thread(() -> {
                    // One client each: its own connection, kept alive across its requests.
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    try {
                        ready.countDown();
                        go.await();
                        for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                            int n = bodySizes.get(i);
                            try {
                                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build(), HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() == 202) {
                                    accepted.addAndGet(n);
                                    bodyBytes.addAndGet(bodies.get(i).length);
                                } else {
                                    failed.addAndGet(n);
                                    firstFailure.compareAndSet(null, response.statusCode() + " " + abbreviate(response.body()));
                                }
                            } catch (IOException e) {
                                failed.addAndGet(n);
                                firstFailure.compareAndSet(null, e.toString());
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "bench-post-events-" + c);
                t.setDaemon(true);
                t.start();
                clients.add(t);
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            for (Thread t : clients) {
                t.join();
            }
            Http http = new Http();
            http.endNanos = System.nanoTime();
            http.nanos = http.endNanos - start;
            http.accepted = accepted.get();
            http.failed = failed.get();
            http.bodyBytes = bodyBytes.get();
            http.firstFailure = firstFailure.get();
            return http;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + " …";
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * Writes {@code events} reader events to {@code file} (dated over the hour before now, in
     * order) and the same events as {@code POST /events} bodies of {@code batch} each.
     */
    private static void writeEvents(Path file, int events, int batch, List<byte[]> bodies, List<Integer> bodySizes) throws IOException {
        SyntheticEvents generator = new SyntheticEvents("bench-" + System.currentTimeMillis() + "-", Math.min(PAPERS, events), 42);
        long end = System.currentTimeMillis();
        long hour = 3_600_000L;
        StringBuilder body = new StringBuilder();
        int inBody = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < events; i++) {
                String json = generator.json(end - hour + hour * i / events);
                out.write(json);
                out.write('\n');
                body.append(inBody == 0 ? '[' : ',').append(json);
                if (++inBody == batch || i == events - 1) {
                    bodies.add(body.append(']').toString().getBytes(StandardCharsets.UTF_8));
                    bodySizes.add(inBody);
                    body.setLength(0);
                    inBody = 0;
                }
            }
        }
    }

    /** What ingest adds to a send per event, on one thread without Kafka (the first 100,000 events, 5 passes). */
    private static void printParseCost(IngestBench.Options o, Path input) throws Exception {
        Topics topics = IngestBench.topics(o, "bench-events-parse-" + System.nanoTime() + "-");
        var events = topics.paperEvents();
        byte[] jsonl;
        long size = Files.size(input);
        try (InputStream in = Files.newInputStream(input)) {
            jsonl = in.readNBytes((int) Math.min(size, 100_000L * size / o.papers()));
        }
        int end = jsonl.length;
        while (end > 0 && jsonl[end - 1] != '\n') {
            end--;
        }
        jsonl = java.util.Arrays.copyOf(jsonl, end);
        ParseCost.Stages s = ParseCost.measureEvents(jsonl, IngestLimits.defaults(),
                (PaperEvent e) -> events.valueSerde().serializer().serialize(events.name(), e), 5);
        System.out.printf("ingest's own work on one thread, without Kafka (µs an event, median of 5 passes over %,d events): "
                        + "lines and UTF-8 %.2f, JSON fields (Jackson) %.2f, validation, normalisation and event id %.2f, "
                        + "Avro encoding %.2f: %.2f in all; the producer's lz4 append of the record, paid by both runs: %.2f%n",
                s.papers(), s.lines(), s.fields() - s.lines(), s.papersBuilt() - s.fields(), s.encoding(), s.papersBuilt() + s.encoding(),
                s.batching());
    }

    private static Settings serviceSettings(IngestBench.Options o, String prefix) {
        Map<String, String> values = new LinkedHashMap<>(IngestBench.settings(o, prefix).asMap());
        values.put(HttpApi.HOST, "127.0.0.1");
        values.put(HttpApi.PORT, Integer.toString(freePort()));
        values.put(ManagementServer.HOST, "127.0.0.1");
        values.put(ManagementServer.PORT, Integer.toString(freePort()));
        values.put("papertrends.instance", "ingest-service");
        // The bench is the service's one client and sends as fast as it is answered: no per-client rate limit.
        values.put(RateLimiter.RATE, "0");
        return Settings.of(values);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
