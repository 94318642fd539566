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
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
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
     * @param secure          the broker takes only SASL_SSL (SCRAM-SHA-512 or PLAIN) from clients and the
     *                        registry only HTTPS, with a CA, certificates and users generated under
     *                        {@code dataDir/security} on first start ({@link StackSecurity})
     * @param registryClientCertificates the registry also requires a client certificate signed by the
     *                        stack's CA (mutual TLS); needs {@code secure}
     */
    public record Options(Path dataDir, int kafkaPort, int controllerPort, int registryPort, boolean fresh,
                          int partitions, String topicPrefix, Optional<String> registryUserInfo,
                          Optional<String> registryReadUserInfo, boolean secure, boolean registryClientCertificates) {
        public Options {
            if (registryClientCertificates && !secure) {
                throw new IllegalArgumentException("registry client certificates need a secured stack");
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1");
            }
            if (registryReadUserInfo.isPresent() && registryUserInfo.isEmpty()) {
                throw new IllegalArgumentException("a read-only registry credential needs an admin credential too");
            }
        }

        /** Options of an unsecured stack (plaintext on loopback). */
        public Options(Path dataDir, int kafkaPort, int controllerPort, int registryPort, boolean fresh,
                       int partitions, String topicPrefix, Optional<String> registryUserInfo, Optional<String> registryReadUserInfo) {
            this(dataDir, kafkaPort, controllerPort, registryPort, fresh, partitions, topicPrefix, registryUserInfo, registryReadUserInfo,
                    false, false);
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
            return new Options(dataDir, kafka, controller, registry, fresh, partitions, topicPrefix, registryUserInfo, registryReadUserInfo,
                    secure, registryClientCertificates);
        }

        public Options withFresh(boolean value) {
            return new Options(dataDir, kafkaPort, controllerPort, registryPort, value, partitions, topicPrefix, registryUserInfo,
                    registryReadUserInfo, secure, registryClientCertificates);
        }

        /** A secured stack ({@code secure}), the registry requiring client certificates when {@code clientCertificates}. */
        public Options withSecurity(boolean secure, boolean clientCertificates) {
            return new Options(dataDir, kafkaPort, controllerPort, registryPort, fresh, partitions, topicPrefix, registryUserInfo,
                    registryReadUserInfo, secure, clientCertificates);
        }
    }

    private final Options options;
    private final EmbeddedKafka kafka;
    private final SchemaRegistryServer registry;
    private final Duration brokerStartup;
    private final StackSecurity security;

    private LocalStack(Options options, EmbeddedKafka kafka, SchemaRegistryServer registry, Duration brokerStartup, StackSecurity security) {
        this.options = options;
        this.kafka = kafka;
        this.registry = registry;
        this.brokerStartup = brokerStartup;
        this.security = security;
    }

    /** Starts broker and registry, creates the contract's topics, and returns once all serve. */
    public static LocalStack start(Options requested) {
        Options options = requested.withPorts(orFree(requested.kafkaPort()), orFree(requested.controllerPort()), orFree(requested.registryPort()));
        if (options.fresh()) {
            deleteRecursively(options.dataDir());
        }
        StackSecurity security = options.secure() ? StackSecurity.prepare(options.dataDir().resolve("security")) : null;
        String bootstrap = "127.0.0.1:" + options.kafkaPort();
        Map<String, Object> adminConfig = security == null ? Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)
                : security.adminConfig(bootstrap);
        long t0 = System.nanoTime();
        EmbeddedKafka kafka = new EmbeddedKafka(options.dataDir(), options.kafkaPort(), options.controllerPort(),
                security == null ? Map.of() : security.brokerProperties(options.kafkaPort(), options.controllerPort()), adminConfig);
        kafka.start(Duration.ofSeconds(60));
        SchemaRegistryServer registry = null;
        try {
            if (security != null) {
                createUsers(security, adminConfig, bootstrap);
            }
            Duration brokerStartup = Duration.ofNanos(System.nanoTime() - t0);
            log.info("Kafka broker ready at {} in {} ms{}", kafka.bootstrapServers(), brokerStartup.toMillis(),
                    security == null ? " (plaintext, no authentication)" : " (SASL_SSL: " + StackSecurity.SCRAM + " or PLAIN; users " + StackSecurity.USERS + ")");
            Optional<SchemaRegistryServer.Tls> tls = Optional.ofNullable(security).map(s -> new SchemaRegistryServer.Tls(s.serverKeyStore(),
                    s.storePassword(), Optional.of(s.trustStore()), Optional.of(s.storePassword()), options.registryClientCertificates()));
            registry = new SchemaRegistryServer(adminConfig, SCHEMAS_TOPIC, "127.0.0.1", options.registryPort(), "BACKWARD",
                    options.registryUserInfo(), options.registryReadUserInfo(), tls);
            LocalStack stack = new LocalStack(options, kafka, registry, brokerStartup, security);
            stack.createTopics(options.topicPrefix());
            if (security != null) {
                for (String user : StackSecurity.USERS) {
                    security.writeClientFile(user, stack.clientSettings(user));
                }
            }
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
     * Creates (or resets to the stored password) the SCRAM credential of every user, then waits
     * until the broker accepts one: credentials reach the broker through the metadata log a moment
     * after the controller took them.
     */
    private static void createUsers(StackSecurity security, Map<String, Object> adminConfig, String bootstrap) {
        List<UserScramCredentialAlteration> upserts = StackSecurity.USERS.stream()
                .<UserScramCredentialAlteration>map(u -> new UserScramCredentialUpsertion(u,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), security.password(u)))
                .toList();
        try (Admin admin = Admin.create(adminConfig)) {
            admin.alterUserScramCredentials(upserts).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating users", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the SCRAM users: " + e.getMessage(), e);
        }
        Map<String, Object> probe = new java.util.HashMap<>(security.clientConfig(StackSecurity.USERS.get(StackSecurity.USERS.size() - 1), bootstrap));
        probe.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        probe.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Admin admin = Admin.create(probe)) {
                admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the SCRAM users", e);
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker does not accept the SCRAM users after 30 s: " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Creates every contract topic of the deployment with names prefixed {@code topicPrefix} that
     * does not exist yet, laid out as the contract says (cleanup policy, retention), with the
     * stack's partition count; existing ones are left as they are. The stack creates those of its
     * own prefix when it starts; tests that keep their records apart call this with a prefix of their own.
     */
    public void createTopics(String topicPrefix) {
        Map<String, Object> registryConfig = new java.util.HashMap<>(clientSettings(StackSecurity.ADMIN));
        options.registryUserInfo().ifPresent(u -> {
            registryConfig.put(RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO");
            registryConfig.put(RegistryConfig.USER_INFO, u);
        });
        registryConfig.put(Topics.PREFIX_CONFIG, topicPrefix);
        Topics topics = Topics.from(registryConfig);
        try (Admin admin = Admin.create(kafkaConfig())) {
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

    /** Kafka client settings for this stack: when secured, those of its admin (a super user). */
    public Map<String, Object> kafkaConfig() {
        return security == null ? Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers())
                : security.adminConfig(bootstrapServers());
    }

    /** The generated CA, certificates and users when secured. */
    public Optional<StackSecurity> security() {
        return Optional.ofNullable(security);
    }

    /**
     * Every setting a client of this stack takes, as user {@code user} (one of
     * {@link StackSecurity#USERS}): the broker's and registry's addresses and, when secured,
     * SASL_SSL with that user's SCRAM credential, the trust store of the stack's CA for Kafka and
     * the registry, and the client certificate when the registry requires one. Unsecured, the user
     * is ignored. These are the contents of {@link StackSecurity#clientFile}.
     */
    public Map<String, String> clientSettings(String user) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (security == null) {
            out.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            out.put(RegistryConfig.URL, schemaRegistryUrl());
            return out;
        }
        out.putAll(security.clientConfig(user, bootstrapServers()));
        out.put(RegistryConfig.URL, schemaRegistryUrl());
        out.put(RegistryConfig.TRUSTSTORE_LOCATION, security.trustStore().toAbsolutePath().toString());
        out.put(RegistryConfig.TRUSTSTORE_PASSWORD, security.storePassword());
        out.put(RegistryConfig.TRUSTSTORE_TYPE, "PKCS12");
        if (options.registryClientCertificates()) {
            out.put(RegistryConfig.KEYSTORE_LOCATION, security.clientKeyStore().toAbsolutePath().toString());
            out.put(RegistryConfig.KEYSTORE_PASSWORD, security.storePassword());
            out.put(RegistryConfig.KEYSTORE_TYPE, "PKCS12");
        }
        return out;
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
