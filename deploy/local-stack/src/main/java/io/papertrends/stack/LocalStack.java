package io.papertrends.stack;

import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.stack.registry.SchemaRegistryServer;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded local stack: one real Kafka node and the schema registry, with the contract's
 * topics created explicitly. Used by {@code ./papertrends local-stack}, the demo and the
 * integration tests. It holds no service code.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    public static final String SCHEMAS_TOPIC = "_schemas";

    /**
     * How to start the stack.
     *
     * @param dataDir         broker log and registry state live here; kept across restarts
     * @param kafkaPort       broker client port (0 = a free one)
     * @param controllerPort  KRaft controller port (0 = a free one)
     * @param registryPort    registry HTTP port (0 = a free one)
     * @param fresh           delete the data directory first
     * @param partitions      partitions of each contract topic
     * @param topicPrefix     prefix of the contract's topic names
     * @param registryUserInfo when present, the registry requires basic auth, and these credentials
     *                        ({@code user:password}) may do everything (the admin role)
     * @param registryReadUserInfo when present, credentials that may only read the registry (the role
     *                        of services with {@code auto.register.schemas=false}); needs {@code registryUserInfo}
     */
    public record Options(Path dataDir, int kafkaPort, int controllerPort, int registryPort, boolean fresh,
                          int partitions, String topicPrefix, Optional<String> registryUserInfo,
                          Optional<String> registryReadUserInfo) {
        public Options {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1");
            }
            if (registryReadUserInfo.isPresent() && registryUserInfo.isEmpty()) {
                throw new IllegalArgumentException("a read-only registry credential needs an admin credential too");
            }
        }

        /** Options with one registry credential (or none) for everything. */
        public Options(Path dataDir, int kafkaPort, int controllerPort, int registryPort, boolean fresh,
                       int partitions, String topicPrefix, Optional<String> registryUserInfo) {
            this(dataDir, kafkaPort, controllerPort, registryPort, fresh, partitions, topicPrefix, registryUserInfo, Optional.empty());
        }

        public static Options defaults(Path dataDir) {
            return new Options(dataDir, 9092, 9093, 8081, false, 3, "", Optional.empty());
        }

        public Options withPorts(int kafka, int controller, int registry) {
            return new Options(dataDir, kafka, controller, registry, fresh, partitions, topicPrefix, registryUserInfo, registryReadUserInfo);
        }

        public Options withFresh(boolean value) {
            return new Options(dataDir, kafkaPort, controllerPort, registryPort, value, partitions, topicPrefix, registryUserInfo,
                    registryReadUserInfo);
        }
    }

    private final Options options;
    private final EmbeddedKafka kafka;
    private final SchemaRegistryServer registry;
    private final Duration brokerStartup;

    private LocalStack(Options options, EmbeddedKafka kafka, SchemaRegistryServer registry, Duration brokerStartup) {
        this.options = options;
        this.kafka = kafka;
        this.registry = registry;
        this.brokerStartup = brokerStartup;
    }

    /** Starts broker and registry, creates the contract's topics, and returns once all serve. */
    public static LocalStack start(Options requested) {
        Options options = requested.withPorts(orFree(requested.kafkaPort()), orFree(requested.controllerPort()), orFree(requested.registryPort()));
        if (options.fresh()) {
            deleteRecursively(options.dataDir());
        }
        long t0 = System.nanoTime();
        EmbeddedKafka kafka = new EmbeddedKafka(options.dataDir(), options.kafkaPort(), options.controllerPort(), Map.of());
        kafka.start(Duration.ofSeconds(60));
        Duration brokerStartup = Duration.ofNanos(System.nanoTime() - t0);
        log.info("Kafka broker ready at {} in {} ms", kafka.bootstrapServers(), brokerStartup.toMillis());
        SchemaRegistryServer registry = null;
        try {
            Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            registry = new SchemaRegistryServer(client, SCHEMAS_TOPIC, "127.0.0.1", options.registryPort(), "BACKWARD",
                    options.registryUserInfo(), options.registryReadUserInfo());
            LocalStack stack = new LocalStack(options, kafka, registry, brokerStartup);
            stack.createTopics(options.topicPrefix());
            return stack;
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            kafka.close();
            throw e;
        }
    }

    /**
     * Creates every contract topic of the deployment with names prefixed {@code topicPrefix} that
     * does not exist yet, laid out as the contract says (cleanup policy, retention), with the
     * stack's partition count; existing ones are left as they are. The stack creates those of its
     * own prefix when it starts; tests that keep their records apart call this with a prefix of their own.
     */
    public void createTopics(String topicPrefix) {
        Map<String, Object> registryConfig = new java.util.HashMap<>(Map.of(RegistryConfig.URL, schemaRegistryUrl()));
        options.registryUserInfo().ifPresent(u -> {
            registryConfig.put(RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO");
            registryConfig.put(RegistryConfig.USER_INFO, u);
        });
        registryConfig.put(Topics.PREFIX_CONFIG, topicPrefix);
        Topics topics = Topics.from(registryConfig);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec<?, ?> spec : topics.all()) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), options.partitions(), (short) 1).configs(spec.topicConfig()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
                log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the contract's topics: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until every partition of {@code topics} has a leader: an idempotent producer that writes
     * while a new partition's leader is being elected can stall until its delivery timeout.
     */
    public static void awaitLeaders(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!haveLeaders(admin, topics)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + topics + " have no leader after 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static boolean haveLeaders(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // created, but not yet in this broker's metadata
            }
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return registry.url("127.0.0.1");
    }

    public Options options() {
        return options;
    }

    /** Time from starting the broker until it answered a client. */
    public Duration brokerStartup() {
        return brokerStartup;
    }

    /**
     * Stops the broker, waits {@code down}, and starts it again on the same data directory and
     * ports; the registry stays up and its clients reconnect. Topics, records, committed offsets
     * and transactions survive, as on a real broker restart. Returns the time the broker was not
     * serving (from the stop until it answered a client again).
     */
    public Duration restartKafka(Duration down) {
        long t0 = System.nanoTime();
        kafka.close();
        try {
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kafka.start(Duration.ofSeconds(60));
        Duration downtime = Duration.ofNanos(System.nanoTime() - t0);
        log.info("Kafka broker restarted at {}; not serving for {} ms", kafka.bootstrapServers(), downtime.toMillis());
        return downtime;
    }

    /** Kafka client settings for this stack. */
    public Map<String, Object> kafkaConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }

    private static int orFree(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
