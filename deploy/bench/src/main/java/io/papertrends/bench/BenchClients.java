package io.papertrends.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The connection settings every client of a benchmark takes: the cluster's addresses and its
 * security settings (SASL, TLS, the registry's trust store), so a benchmark runs against a
 * secured cluster as the services do, with no plaintext client on the side.
 */
final class BenchClients {
    private BenchClients() {
    }

    /** Kafka client settings: {@code client}'s Kafka keys (not the registry's) and the bootstrap servers. */
    static Map<String, Object> kafka(String bootstrapServers, Map<String, String> client) {
        Map<String, Object> out = new HashMap<>();
        client.forEach((k, v) -> {
            if (!k.startsWith("schema.registry.") && !k.startsWith("basic.auth.")) {
                out.put(k, v);
            }
        });
        out.put("bootstrap.servers", bootstrapServers);
        return out;
    }

    /** Every setting of a run: {@code client}, the addresses, then {@code extra}. */
    static Map<String, String> settings(String bootstrapServers, String registryUrl, Map<String, String> client, Map<String, String> extra) {
        Map<String, String> out = new LinkedHashMap<>(client);
        out.put("bootstrap.servers", bootstrapServers);
        out.put("schema.registry.url", registryUrl);
        out.putAll(extra);
        return out;
    }

    /** {@code client} as a properties file readable by its owner only, for services run in their own JVM ({@code --config}). */
    static Path writeConfig(Path file, Map<String, String> client) {
        Properties p = new Properties();
        p.putAll(client);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, "client settings of the benchmark's services");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
