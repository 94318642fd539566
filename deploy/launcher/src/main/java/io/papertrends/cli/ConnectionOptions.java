package io.papertrends.cli;

import io.papertrends.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Connection and configuration flags shared by the commands that talk to Kafka. Settings are
 * merged as defaults &lt; {@code --config} file &lt; environment &lt; flags.
 */
final class ConnectionOptions {
    static final Map<String, String> DEFAULTS = Map.of(
            "bootstrap.servers", "127.0.0.1:9092",
            "schema.registry.url", "http://127.0.0.1:8081");

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", description = "Schema registry URL (env SCHEMA_REGISTRY_URL; default http://127.0.0.1:8081).")
    String registryUrl;

    @Option(names = "--config", description = "Properties file with Kafka, registry and papertrends.* settings, security included "
            + "(e.g. DATA_DIR/security/clients/USER.properties of local-stack --secure).")
    Path configFile;

    @Option(names = "--set", description = "Any setting as key=value (highest precedence); repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The settings, with {@code papertrends.state.reset} when {@code reset} (a stream service's {@code --reset}). */
    Settings settings(boolean reset) {
        Settings settings = settings();
        return reset ? settings.with("papertrends.state.reset", "true") : settings;
    }

    Settings settings() {
        return Settings.builder()
                .defaults(DEFAULTS)
                .file(configFile)
                .env(System.getenv())
                .flag("bootstrap.servers", bootstrapServers)
                .flag("schema.registry.url", registryUrl)
                .flags(overrides)
                .build();
    }
}
