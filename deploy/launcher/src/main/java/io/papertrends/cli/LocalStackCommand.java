package io.papertrends.cli;

import io.papertrends.stack.LocalStack;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code papertrends local-stack}: the broker and the schema registry, until stopped. */
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

    @Override
    public Integer call() throws InterruptedException {
        System.err.println("starting Kafka broker and schema registry in " + dataDir.toAbsolutePath() + " …");
        LocalStack stack = LocalStack.start(new LocalStack.Options(dataDir, kafkaPort, controllerPort, registryPort, fresh,
                partitions, topicPrefix, Optional.ofNullable(registryUserInfo), Optional.ofNullable(registryReadUserInfo)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("stopping local stack …");
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        System.out.println("bootstrap.servers=" + stack.bootstrapServers());
        System.out.println("schema.registry.url=" + stack.schemaRegistryUrl());
        System.out.flush();
        System.err.printf("local stack ready (broker started in %d ms); Ctrl-C to stop%n", stack.brokerStartup().toMillis());
        stopped.await();
        return 0;
    }
}
