package io.papertrends.demo;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Durations;
import io.papertrends.config.Settings;
import io.papertrends.enrich.EnrichService;
import io.papertrends.ingest.Ingest;
import io.papertrends.ingest.IngestService;
import io.papertrends.ingest.publish.IngestReport;
import io.papertrends.ingest.simulate.Burst;
import io.papertrends.ingest.simulate.Simulator;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.notify.NotifyConfig;
import io.papertrends.notify.NotifyService;
import io.papertrends.stack.LocalMail;
import io.papertrends.stack.LocalStack;
import io.papertrends.service.Health;
import io.papertrends.service.HttpApi;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RunningService;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.Topics;
import io.papertrends.trend.TrendService;
import io.papertrends.trend.core.TrendConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command demo: the embedded local stack and a local mail server, the four services in
 * this process (each with its own settings and meter registry, on their own ports), the bundled
 * sample page, a backfill of reader activity so baselines exist, then real-time activity with
 * planted bursts, a {@link Leaderboard} following {@code trending-updates}, and a demo reader
 * ({@link DemoSubscriber}) who subscribes, confirms and receives a digest and an alert, saved as
 * files under {@code mail/}.
 *
 * <p>Everything lives in {@link Options#dataDir()} and is kept across runs: a second run resumes
 * (backfilling only the activity missed while it was stopped). {@link #close()} stops the
 * simulator, the services (with timeouts) and the broker last.
 */
public final class Demo implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Demo.class);
    /** Where a run records up to when it simulated activity, so the next one resumes from there. */
    static final String STATE_FILE = "demo.properties";
    private static final String ACTIVITY_UNTIL = "activity.until";
    private static final String SUBSCRIPTION = "notify.subscription";
    private static final Duration SERVICE_START = Duration.ofSeconds(120);
    private static final Duration SERVICE_STOP = Duration.ofSeconds(45);
    private static final Duration SIMULATOR_STOP = Duration.ofSeconds(35);
    /** Popularity ranks (0 = most read) of the papers that get the planted bursts, in order. */
    private static final int[] BURST_RANKS = {4, 8, 12, 6, 16, 10, 22, 14, 30, 19, 40, 26};

    /**
     * What to run.
     *
     * @param dataDir        broker log, registry, service state and the demo's own state; kept across runs
     * @param fresh          delete the data directory first
     * @param kafkaPort      broker port (0 = a free one)
     * @param controllerPort KRaft controller port (0 = a free one)
     * @param registryPort   schema registry port (0 = a free one)
     * @param ingestPort     ingest service HTTP port (0 = a free one)
     * @param trendPort      trend service HTTP port (0 = a free one)
     * @param notifyPort     notify service HTTP port (0 = a free one)
     * @param mailPort       the local mail server's SMTP port (0 = a free one)
     * @param management     the management ports ({@code /healthz}, {@code /metrics}) of the services (0 = a free one)
     * @param rate           mean simulated events per second (over a day)
     * @param backfill       history simulated as fast as possible before real time starts
     * @param seed           seed of the simulated activity (the same seed keeps paper popularity across runs)
     * @param burstOffsets   when the planted bursts start, counted from the start of real-time activity
     * @param burstFactor    how much a burst multiplies its paper's rate
     * @param burstLength    how long each burst lasts
     * @param settings       extra settings for every service (highest precedence)
     */
    public record Options(Path dataDir, boolean fresh, int kafkaPort, int controllerPort, int registryPort,
                          int ingestPort, int trendPort, int notifyPort, int mailPort, ManagementPorts management, double rate, Duration backfill, long seed,
                          List<Duration> burstOffsets, double burstFactor, Duration burstLength, Map<String, String> settings) {
        public Options {
            java.util.Objects.requireNonNull(management, "management");
            burstOffsets = List.copyOf(burstOffsets);
            settings = Map.copyOf(settings);
            if (!(rate > 0)) {
                throw new IllegalArgumentException("rate must be > 0");
            }
            if (backfill.isNegative()) {
                throw new IllegalArgumentException("backfill must not be negative");
            }
        }

        /** The command's defaults: default ports, 10 events/s, 3 h of backfill, bursts from 20 s on. */
        public static Options defaults(Path dataDir) {
            List<Duration> offsets = new ArrayList<>(List.of(Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(110)));
            for (int minutes = 8; minutes <= 120; minutes += 8) {
                offsets.add(Duration.ofMinutes(minutes));
            }
            return new Options(dataDir, false, 9092, 9093, 8081, IngestService.DEFAULT_PORT, TrendService.DEFAULT_HTTP_PORT,
                    NotifyService.DEFAULT_HTTP_PORT, DEFAULT_MAIL_PORT, ManagementPorts.DEFAULTS, 10, Duration.ofHours(3), 42, offsets, 25, Duration.ofMinutes(20), Map.of());
        }
    }

    /** The local mail server's default SMTP port. */
    public static final int DEFAULT_MAIL_PORT = 2525;

    /**
     * The management ports of the services: {@code /healthz} and {@code /metrics}, on loopback.
     *
     * @param ingest ingest service (0 = a free one)
     * @param enrich enrich service (0 = a free one)
     * @param trend  trend service (0 = a free one)
     * @param notifications notify service (0 = a free one)
     */
    public record ManagementPorts(int ingest, int enrich, int trend, int notifications) {
        /** The services' defaults. */
        public static final ManagementPorts DEFAULTS = new ManagementPorts(IngestService.DEFAULT_MANAGEMENT_PORT,
                EnrichService.DEFAULT_MANAGEMENT_PORT, TrendService.DEFAULT_MANAGEMENT_PORT, NotifyService.DEFAULT_MANAGEMENT_PORT);
        /** Free ports, for tests. */
        public static final ManagementPorts ANY = new ManagementPorts(0, 0, 0, 0);
    }

    private final Options requested;
    private final Consumer<String> progress;
    private final Clock clock;
    private final long startNanos = System.nanoTime();
    private final List<String> simulatorLines = new CopyOnWriteArrayList<>();
    private final List<Burst> bursts = new CopyOnWriteArrayList<>();
    private volatile Options options;
    private LocalStack stack;
    private LocalMail mail;
    private final List<String> mailLines = new CopyOnWriteArrayList<>();
    private volatile Thread subscriberThread;
    /** The running services by name, in start order. */
    private final Map<String, RunningService> services = new LinkedHashMap<>();
    private Leaderboard leaderboard;
    private Simulator simulator;
    private volatile Thread simulatorThread;
    private volatile Instant realTimeFrom;
    private volatile CountDownLatch earlyBurstsShown = new CountDownLatch(0);
    private boolean closed;

    /**
     * @param options  what to run
     * @param progress receives one line per startup step (and the simulator's burst lines)
     */
    public Demo(Options options, Consumer<String> progress) {
        this(options, progress, Clock.systemUTC());
    }

    Demo(Options options, Consumer<String> progress, Clock clock) {
        this.requested = options;
        this.options = options;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * Starts everything and returns once the simulator runs in real time.
     *
     * @throws IllegalStateException when a part could not start (the parts started are closed by {@link #close()})
     */
    public void start() throws InterruptedException, TimeoutException {
        Options o = resolvePorts(requested);
        options = o;
        say("starting Kafka broker (KRaft) and schema registry in " + o.dataDir() + (o.fresh() ? " (fresh)" : "") + " …");
        LocalStack started = LocalStack.start(new LocalStack.Options(o.dataDir().resolve("stack"), o.kafkaPort(), o.controllerPort(),
                o.registryPort(), false, 3, "", Optional.empty()));
        synchronized (this) {
            if (closed) {
                started.close();
                throw new IllegalStateException("stopped while starting");
            }
            stack = started;
        }
        say(String.format(Locale.ROOT, "stack ready in %.1f s: bootstrap.servers=%s schema.registry.url=%s",
                stack.brokerStartup().toMillis() / 1000.0, stack.bootstrapServers(), stack.schemaRegistryUrl()));

        LocalMail mailServer = LocalMail.start(o.mailPort(), o.dataDir().resolve("mail"));
        synchronized (this) {
            mail = mailServer;
            if (closed) {
                throw new IllegalStateException("stopped while starting");
            }
        }
        mailServer.onMail(this::mailReceived);
        say("mail server (SMTP) on 127.0.0.1:" + mailServer.port() + ": every mail is kept in " + mailServer.dir());

        startServices(o);

        Settings base = serviceSettings("demo");
        Topics topics = Topics.from(base.asMap());
        synchronized (this) {
            requireRunning();
            leaderboard = new Leaderboard(base.kafkaProperties(), topics.trendingUpdates(), topics.papers(), "global").start();
        }
        ingestSample(base);
        startSimulator(base, topics);
        startSubscriber(o);
    }

    private void startServices(Options o) throws InterruptedException, TimeoutException {
        say("starting ingest-service :" + o.ingestPort() + ", enrich-service, trend-service :" + o.trendPort() + ", notify-service :"
                + o.notifyPort() + " …");
        long t0 = System.nanoTime();
        Settings ingestSettings = serviceSettings("ingest-service", o.management().ingest()).with(HttpApi.PORT, Integer.toString(o.ingestPort()));
        Settings enrichSettings = streamSettings("enrich", o.management().enrich());
        Settings trendSettings = withDefault(streamSettings("trend", o.management().trend()).with(HttpApi.PORT, Integer.toString(o.trendPort())),
                // Today's digests as soon as the rankings exist, so the demo reader gets one within minutes.
                TrendConfig.DIGEST_TIME, clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES).toString());
        trendSettings = withDefault(trendSettings, TrendConfig.DIGEST_ZONE, "UTC");
        // The dashboard's subscribe form posts to the notify service.
        trendSettings = withDefault(trendSettings, io.papertrends.trend.http.HttpConfig.NOTIFY_URL, "http://localhost:" + o.notifyPort());
        Settings notifySettings = notifySettings(o);
        synchronized (this) {
            requireRunning();
            services.put("ingest-service", IngestService.start(ingestSettings, ServiceMeters.prometheus("ingest-service", ingestSettings)));
            services.put("enrich-service", EnrichService.start(enrichSettings, ServiceMeters.prometheus("enrich-service", enrichSettings)));
            services.put("trend-service", TrendService.start(trendSettings, ServiceMeters.prometheus("trend-service", trendSettings)));
            services.put("notify-service", NotifyService.start(notifySettings, ServiceMeters.prometheus("notify-service", notifySettings)));
        }
        awaitHealthy(SERVICE_START);
        say(String.format(Locale.ROOT, "services RUNNING in %.1f s: ingest http://localhost:%d  trend http://localhost:%d  notify http://localhost:%d",
                (System.nanoTime() - t0) / 1e9, o.ingestPort(), o.trendPort(), o.notifyPort()));
        say("/healthz and /metrics on 127.0.0.1: " + managementPorts());
        say("unsecured, for a demo: no API keys, every port bound to loopback (README, Security)");
    }

    /**
     * The notify service's settings: the local mail server, a link-signing secret kept in the data
     * directory (links in earlier mails keep working), checks every few seconds.
     */
    private Settings notifySettings(Options o) {
        Settings s = streamSettings("notify", o.management().notifications()).with(HttpApi.PORT, Integer.toString(o.notifyPort()));
        s = withDefault(s, NotifyConfig.SMTP_HOST, "127.0.0.1");
        s = withDefault(s, NotifyConfig.SMTP_PORT, Integer.toString(mail.port()));
        s = withDefault(s, NotifyConfig.FROM, "Paper Trends <trends@papertrends.example>");
        s = withDefault(s, NotifyConfig.SECRET, secret(o.dataDir().resolve("notify.secret")));
        s = withDefault(s, NotifyConfig.CHECK_INTERVAL, "5s");
        s = withDefault(s, NotifyConfig.ALERT_INTERVAL, "1m");
        return withDefault(s, NotifyConfig.PUBLIC_URL, "http://localhost:" + o.notifyPort());
    }

    private Settings withDefault(Settings s, String key, String value) {
        return options.settings().containsKey(key) ? s : s.with(key, value);
    }

    private static String secret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] bytes = new byte[32];
            new java.security.SecureRandom().nextBytes(bytes);
            String secret = java.util.HexFormat.of().formatHex(bytes);
            Files.createDirectories(file.getParent());
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the notify secret in " + file, e);
        }
    }

    /** The demo reader subscribes, confirms and gets a new paper published, in the background. */
    private void startSubscriber(Options o) {
        Thread thread = new Thread(() -> {
            try {
                Optional<String> previous = readState(SUBSCRIPTION);
                String id = new DemoSubscriber(o.notifyPort(), o.ingestPort(), mail, clock, this::say).run(previous);
                writeState(SUBSCRIPTION, id);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.error("the demo reader failed", e);
                    say("the demo reader failed: " + e.getMessage() + " (details in the log)");
                }
            }
        }, "demo-reader");
        thread.setDaemon(true);
        synchronized (this) {
            requireRunning();
            subscriberThread = thread;
            thread.start();
        }
    }

    private void mailReceived(LocalMail.Received r) {
        String line = "mail to " + r.to() + ": \"" + r.subject() + "\" → " + (r.html() != null ? r.html() : r.eml());
        mailLines.add(line);
        say(line);
    }

    /** One line per mail the local mail server received, in order. */
    public List<String> mailLines() {
        return List.copyOf(mailLines);
    }

    /** The local mail server, once started. */
    public synchronized Optional<LocalMail> mail() {
        return Optional.ofNullable(mail);
    }

    private void ingestSample(Settings settings) {
        try (Ingest ingest = Ingest.open(settings, new SimpleMeterRegistry(), clock)) {
            IngestReport report = ingest.ingestSample();
            if (!report.complete()) {
                throw new IllegalStateException("the sample page was not fully published: " + report.summary());
            }
            say("sample page ingested: " + report.accepted() + " papers (" + report.published() + " published, "
                    + report.unchanged() + " unchanged, " + report.rejected() + " rejected)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled sample page", e);
        }
    }

    /** Waits until every service says it is up (Kafka Streams RUNNING, Kafka answering). */
    private void awaitHealthy(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, RunningService> service : runningServices().entrySet()) {
            while (true) {
                Health health = service.getValue().health();
                if (health.up()) {
                    break;
                }
                if (health.details().get("streams") instanceof String state && (state.equals("ERROR") || state.equals("NOT_RUNNING"))) {
                    throw new IllegalStateException(service.getKey() + " stopped while starting: " + health.reason());
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(service.getKey() + " not healthy after " + timeout.toSeconds() + " s: " + health.reason());
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    private synchronized Map<String, RunningService> runningServices() {
        return closed ? Map.of() : new LinkedHashMap<>(services);
    }

    private void startSimulator(Settings settings, Topics topics) throws InterruptedException {
        Simulator sim = new Simulator(settings.kafkaProperties(), topics, clock, new PrintStream(new LineSink(this::simulatorLine), true, StandardCharsets.UTF_8));
        synchronized (this) {
            requireRunning();
            simulator = sim;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(options.backfill());
        Optional<Instant> until = readState(ACTIVITY_UNTIL).map(Instant::parse);
        if (until.isPresent() && until.get().isAfter(from)) {
            from = until.get();
        }
        if (Duration.between(from, now).compareTo(Duration.ofMinutes(1)) >= 0) {
            Duration span = Duration.between(from, now);
            say("backfilling " + Durations.format(span) + " of reader activity (" + (until.isPresent() ? "since the last run" : "history for baselines")
                    + ") at " + rate() + " events/s …");
            Simulator.Summary summary = sim.run(Simulator.Options.of(options.rate(), span, options.seed()).withFast(from));
            if (summary.failed() > 0 && !summary.stopped()) {
                throw new IllegalStateException("backfill: " + summary.failed() + " events were not acknowledged");
            }
            say(String.format(Locale.ROOT, "backfill done: %,d events in %.1f s", summary.events(), summary.took().toMillis() / 1000.0));
            writeActivityUntil(now);
        } else {
            say("resuming: activity is up to date (last run ended " + until.map(Instant::toString).orElse("?") + ")");
        }
        synchronized (this) {
            requireRunning();
        }
        List<String> byPopularity = sim.model(sim.paperIds(), Simulator.Options.of(options.rate(), Duration.ofDays(7), options.seed()))
                .papersByPopularity();
        List<Burst> planted = new ArrayList<>();
        for (int i = 0; i < options.burstOffsets().size(); i++) {
            int rank = Math.min(BURST_RANKS[i % BURST_RANKS.length] + i / BURST_RANKS.length, byPopularity.size() - 1);
            planted.add(new Burst(byPopularity.get(rank), options.burstOffsets().get(i), options.burstFactor(), options.burstLength()));
        }
        bursts.addAll(planted);
        Simulator.Options realTime = Simulator.Options.of(options.rate(), Duration.ofDays(7), options.seed()).withBursts(planted);
        long early = planted.stream().filter(b -> b.offset().compareTo(Duration.ofMinutes(2)) <= 0).count();
        earlyBurstsShown = new CountDownLatch((int) early);
        say("simulator starting: " + rate() + " events/s in real time, " + planted.size() + " planted bursts (×"
                + planted.get(0).factorText() + ", " + Durations.format(options.burstLength()) + " each), "
                + early + " in the first 2 minutes:");
        realTimeFrom = clock.instant();
        Thread thread = new Thread(() -> {
            try {
                Simulator.Summary summary = sim.run(realTime);
                log.info("simulator ended: {}", summary.line());
            } catch (RuntimeException e) {
                log.error("simulator failed", e);
                simulatorLine("simulator failed: " + e.getMessage());
            }
        }, "demo-simulator");
        synchronized (this) {
            requireRunning();
            simulatorThread = thread;
            thread.start();
        }
        // The simulator prints the bursts (with their start times) once it has read the papers.
        if (!earlyBurstsShown.await(30, TimeUnit.SECONDS)) {
            log.warn("the simulator did not print its bursts within 30 s");
        }
    }

    private String rate() {
        return java.math.BigDecimal.valueOf(options.rate()).stripTrailingZeros().toPlainString();
    }

    private void simulatorLine(String line) {
        simulatorLines.add(line);
        while (simulatorLines.size() > 50) {
            simulatorLines.remove(0);
        }
        if (line.startsWith("burst ") && simulatorThread != null && earlyBurstsShown.getCount() > 0) {
            progress.accept("         " + line);
            earlyBurstsShown.countDown();
        } else if (line.startsWith("published ")) {
            writeActivityUntil(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    /** Settings shared by every part: the stack's addresses, then the user's extra settings. */
    private Settings serviceSettings(String instance) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("bootstrap.servers", stack.bootstrapServers());
        values.put("schema.registry.url", stack.schemaRegistryUrl());
        values.put("papertrends.instance", instance);
        values.putAll(options.settings());
        return Settings.of(values);
    }

    /**
     * A service's settings: loopback only (the demo has no API keys; {@code --set} may say otherwise)
     * and its management port, then the user's extra settings.
     */
    private Settings serviceSettings(String instance, int managementPort) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(HttpApi.HOST, "127.0.0.1");
        values.put(ManagementServer.HOST, "127.0.0.1");
        values.put(ManagementServer.PORT, Integer.toString(managementPort));
        values.putAll(serviceSettings(instance).asMap());
        return Settings.of(values);
    }

    private Settings streamSettings(String service, int managementPort) {
        Settings s = serviceSettings(service + "-service", managementPort);
        if (!options.settings().containsKey(StreamsSettings.STATE_DIR)) {
            s = s.with(StreamsSettings.STATE_DIR, options.dataDir().resolve("state").resolve(service).toString());
        }
        return s;
    }

    private void say(String line) {
        progress.accept(String.format(Locale.ROOT, "[%5.1fs] %s", (System.nanoTime() - startNanos) / 1e9, line));
    }

    private void requireRunning() {
        if (closed) {
            throw new IllegalStateException("stopped while starting");
        }
    }

    /** The options with every port 0 replaced by a free one, and the data directory wiped when fresh. */
    private static Options resolvePorts(Options o) {
        if (o.fresh()) {
            deleteRecursively(o.dataDir());
        }
        ManagementPorts m = o.management();
        return new Options(o.dataDir(), false, free(o.kafkaPort()), free(o.controllerPort()), free(o.registryPort()),
                free(o.ingestPort()), free(o.trendPort()), free(o.notifyPort()), free(o.mailPort()),
                new ManagementPorts(free(m.ingest()), free(m.enrich()), free(m.trend()), free(m.notifications())),
                o.rate(), o.backfill(), o.seed(), o.burstOffsets(), o.burstFactor(), o.burstLength(), o.settings());
    }

    private static int free(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private Properties readState() {
        Properties props = new Properties();
        Path file = options.dataDir().resolve(STATE_FILE);
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException | RuntimeException e) {
                log.warn("ignoring unreadable {}: {}", file, e.toString());
            }
        }
        return props;
    }

    private Optional<String> readState(String key) {
        try {
            return Optional.ofNullable(readState().getProperty(key));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Records that reader activity was simulated up to {@code until}. */
    void writeActivityUntil(Instant until) {
        writeState(ACTIVITY_UNTIL, until.toString());
    }

    private synchronized void writeState(String key, String value) {
        Properties props = readState();
        props.setProperty(key, value);
        Path file = options.dataDir().resolve(STATE_FILE);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(STATE_FILE + ".tmp");
            try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(writer, "Paper Trends demo: reader activity simulated up to activity.until; the demo reader's subscription");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot write {}: {}", file, e.toString());
        }
    }

    /** The options in effect (ports resolved once started). */
    public Options options() {
        return options;
    }

    /** The leaderboard, once the services run. */
    public synchronized Optional<Leaderboard> leaderboard() {
        return Optional.ofNullable(leaderboard);
    }

    /** The bursts planted in the real-time activity (empty before it starts). */
    public List<Burst> bursts() {
        return List.copyOf(bursts);
    }

    /** When real-time activity started, once it has. */
    public Optional<Instant> realTimeFrom() {
        return Optional.ofNullable(realTimeFrom);
    }

    /** The simulator's latest progress line ({@code published N events up to T}, once a minute), if any. */
    public Optional<String> lastSimulatorLine() {
        for (int i = simulatorLines.size() - 1; i >= 0; i--) {
            if (simulatorLines.get(i).startsWith("published ") || simulatorLines.get(i).startsWith("simulator failed")) {
                return Optional.of(simulatorLines.get(i));
            }
        }
        return Optional.empty();
    }

    /** A line per service that is down (a stream service that failed says why; details in the log). */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        runningServices().forEach((name, service) -> {
            Health health = service.health();
            if (!health.up()) {
                out.add(name + " DOWN: " + health.reason());
            }
        });
        return out;
    }

    /** The dashboard's address (served by the trend service). */
    public String dashboardUrl() {
        return "http://localhost:" + options.trendPort() + "/";
    }

    /** Where each service's {@code /healthz} and {@code /metrics} are: {@code :9180 ingest  :9183 enrich  :9182 trend  :9184 notify}. */
    public String managementPorts() {
        ManagementPorts m = options.management();
        return ":" + m.ingest() + " ingest  :" + m.enrich() + " enrich  :" + m.trend() + " trend  :" + m.notifications() + " notify";
    }

    /**
     * Stops everything: the simulator (what it sent is acknowledged first), the leaderboard, the
     * ingest service, the stream services (closed with timeouts), and the broker last. Safe to
     * call more than once and from a shutdown hook.
     */
    @Override
    public void close() {
        Thread sim;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            sim = simulatorThread;
        }
        if (simulator != null) {
            simulator.stop();
        }
        if (subscriberThread != null) {
            subscriberThread.interrupt();
        }
        try {
            if (sim != null) {
                sim.join(SIMULATOR_STOP.toMillis());
                writeActivityUntil(clock.instant().truncatedTo(ChronoUnit.SECONDS));
            }
            if (leaderboard != null) {
                leaderboard.close();
            }
            // Every service at once: a stream service's close may wait for a final commit.
            List<Thread> stopping = new ArrayList<>();
            services.forEach((name, service) -> {
                Thread t = new Thread(service::close, "stop-" + name);
                t.start();
                stopping.add(t);
            });
            for (Thread t : stopping) {
                t.join(SERVICE_STOP.toMillis());
                if (t.isAlive()) {
                    log.warn("{} did not stop within {} s", t.getName(), SERVICE_STOP.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (mail != null) {
                mail.close();
            }
            if (stack != null) {
                stack.close();
            }
        }
    }

    /** Collects what is printed into whole lines. */
    private static final class LineSink extends OutputStream {
        private final Consumer<String> lines;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        LineSink(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.accept(buffer.toString(StandardCharsets.UTF_8));
                buffer.reset();
            } else if (b != '\r') {
                buffer.write(b);
            }
        }
    }

    /** Deletes {@code dir} and everything in it, if it exists. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
