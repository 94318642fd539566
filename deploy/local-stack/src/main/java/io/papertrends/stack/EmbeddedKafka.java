package io.papertrends.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Apache Kafka node (broker and controller in one, KRaft mode) on loopback, with its
 * log in a data directory. A directory formatted once keeps its topics and offsets across
 * restarts.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final Map<String, Object> clientConfig;
    private KafkaRaftServer server;

    /**
     * @param dataDir        where the log lives (created when missing)
     * @param brokerPort     client port on 127.0.0.1
     * @param controllerPort KRaft controller port on 127.0.0.1
     * @param overrides      extra broker properties
     */
    public EmbeddedKafka(Path dataDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
        this(dataDir, brokerPort, controllerPort, overrides, Map.of());
    }

    /**
     * @param clientConfig security settings of the client that checks the broker is ready (none
     *                     for a plaintext listener)
     */
    public EmbeddedKafka(Path dataDir, int brokerPort, int controllerPort, Map<String, String> overrides, Map<String, Object> clientConfig) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.overrides = Map.copyOf(overrides);
        this.clientConfig = Map.copyOf(clientConfig);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** Formats the log directory when new, starts the node and waits until it serves clients. */
    public synchronized void start(Duration timeout) {
        if (server != null) {
            throw new IllegalStateException("broker already started");
        }
        Path logDir = dataDir.resolve("kafka-logs");
        Properties props = brokerProperties(logDir);
        try {
            Files.createDirectories(logDir);
            format(props, logDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        awaitReady(timeout);
    }

    private Properties brokerProperties(Path logDir) {
        Map<String, String> p = new TreeMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // The contract's topics are created explicitly with their layout; a typo must fail, not create a topic.
        p.put("auto.create.topics.enable", "false");
        // One node: internal topics cannot be replicated; fewer partitions start faster.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("log.cleaner.dedupe.buffer.size", Long.toString(16L * 1024 * 1024));
        p.putAll(overrides);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private void format(Properties props, Path logDir) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path config = dataDir.resolve("server.properties");
        // Formatting needs no secret, and this file stays in the data directory: passwords are left out.
        Properties withoutSecrets = new Properties();
        props.stringPropertyNames().stream().filter(k -> !k.contains("password") && !k.contains("jaas"))
                .forEach(k -> withoutSecrets.setProperty(k, props.getProperty(k)));
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            withoutSecrets.store(w, "Paper Trends local stack: the broker's configuration as last formatted (secrets left out)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", config.toString(), "--ignore-formatted"}, new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + logDir + " failed: " + out.toString(StandardCharsets.UTF_8));
        }
        log.info("formatted new Kafka storage in {}", logDir);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " not ready after " + timeout, e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " not ready after " + timeout);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
