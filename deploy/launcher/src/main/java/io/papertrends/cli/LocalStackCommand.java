package io.papertrends.cli;

import io.papertrends.stack.LocalStack;
import io.papertrends.stack.StackSecurity;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code papertrends local-stack}: the broker and the schema registry, until stopped; {@code --secure} for SASL_SSL and HTTPS. */
@Command(name = "local-stack", mixinStandardHelpOptions = true,
        description = "Start only the Kafka broker (KRaft) and the schema registry on loopback; runs until stopped.")
final class LocalStackCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "data/local-stack", description = "Data directory, kept across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--controller-port", defaultValue = "9093", description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of each topic created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of the topic names.")
    String topicPrefix;

    @Option(names = {"--registry-user-info", "--registry-admin-user-info"},
            description = "Require HTTP basic auth on the registry; these credentials 'user:password' may do everything (register, delete, set compatibility).")
    String registryUserInfo;

    @Option(names = "--registry-read-user-info",
            description = "Credentials 'user:password' that may only read the registry (services with auto.register.schemas=false); needs --registry-user-info.")
    String registryReadUserInfo;

    @Option(names = "--fresh", description = "Delete the data directory first.")
    boolean fresh;

    @Option(names = "--secure", description = "Clients must use SASL_SSL (SCRAM-SHA-512 or PLAIN) and the registry HTTPS. A CA, a certificate "
            + "for localhost/127.0.0.1 and a user per service (admin, cli, ingest, enrich, trend, notify) are generated on first start under "
            + "DATA_DIR/security; each user's client settings are written to DATA_DIR/security/clients/USER.properties (use with --config).")
    boolean secure;

    @Option(names = "--registry-client-certificates", description = "With --secure: the registry also requires a client certificate "
            + "signed by the stack's CA (mutual TLS); the client settings files carry it.")
    boolean registryClientCertificates;

    @Override
    public Integer call() throws InterruptedException {
        System.err.println("starting Kafka broker and schema registry in " + dataDir.toAbsolutePath() + " …");
        if (registryClientCertificates && !secure) {
            System.err.println("--registry-client-certificates needs --secure");
            return 2;
        }
        LocalStack stack = LocalStack.start(new LocalStack.Options(dataDir, kafkaPort, controllerPort, registryPort, fresh,
                partitions, topicPrefix, Optional.ofNullable(registryUserInfo), Optional.ofNullable(registryReadUserInfo), secure,
                registryClientCertificates));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("stopping local stack …");
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        System.out.println("bootstrap.servers=" + stack.bootstrapServers());
        System.out.println("schema.registry.url=" + stack.schemaRegistryUrl());
        stack.security().ifPresentOrElse(security -> {
            // Paths only: the files hold the passwords, which are never printed.
            System.out.println("security.protocol=SASL_SSL");
            System.out.println("sasl.mechanism=" + StackSecurity.SCRAM);
            System.out.println("ssl.truststore.location=" + security.trustStore().toAbsolutePath());
            for (String user : StackSecurity.USERS) {
                System.out.println("client.settings." + user + "=" + security.clientFile(user).toAbsolutePath());
            }
        }, () -> System.err.println("unsecured: plaintext Kafka and HTTP registry, no authentication, on loopback (--secure to change)"));
        System.out.flush();
        System.err.printf("local stack ready (broker started in %d ms); Ctrl-C to stop%n", stack.brokerStartup().toMillis());
        stopped.await();
        return 0;
    }
}
