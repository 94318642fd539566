package io.papertrends.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Configuration of a Paper Trends process, merged with one documented precedence:
 * <b>defaults &lt; properties file &lt; environment &lt; command-line flags</b>. The result
 * is unmodifiable.
 *
 * <p>Environment variables map to keys as follows: {@code KAFKA_BOOTSTRAP_SERVERS} →
 * {@code bootstrap.servers}, any other {@code KAFKA_X_Y} → {@code x.y} (a Kafka client or
 * Streams property, e.g. {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG});
 * {@code SCHEMA_REGISTRY_X_Y} → {@code schema.registry.x.y}; {@code BASIC_AUTH_X_Y} →
 * {@code basic.auth.x.y}; {@code PAPERTRENDS_X_Y} → {@code papertrends.x.y}.
 */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings made of exactly these values. */
    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalArgumentException("missing required setting " + key));
    }

    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public int getInt(String key, int fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be an integer, got '" + v + "'", e);
        }
    }

    public long getLong(String key, long fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be an integer, got '" + v + "'", e);
        }
    }

    /** A duration setting ({@code 90s}, {@code 10m}, {@code 1h30m}, {@code 2d}, {@code 500ms}, ISO-8601); see {@link Durations}. */
    public java.time.Duration getDuration(String key, String fallback) {
        try {
            return Durations.parse(values.getOrDefault(key, fallback));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + key + ": " + e.getMessage(), e);
        }
    }

    public boolean getBoolean(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("setting " + key + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /**
     * The properties meant for Kafka clients and Kafka Streams: everything but the
     * application's own ({@code papertrends.*}) and the schema registry's keys.
     */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!k.startsWith("papertrends.") && !k.startsWith("schema.registry.")
                    && !k.startsWith("basic.auth.") && !k.equals("auto.register.schemas")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** A copy with {@code key} set to {@code value} (highest precedence). */
    public Settings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    /** Maps an environment variable name to a setting key, or empty when it is not one of ours. */
    static Optional<String> keyForEnv(String name) {
        if (name.equals("KAFKA_BOOTSTRAP_SERVERS")) {
            return Optional.of("bootstrap.servers");
        }
        for (String prefix : new String[] {"SCHEMA_REGISTRY_", "BASIC_AUTH_", "PAPERTRENDS_"}) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return Optional.of(name.toLowerCase(Locale.ROOT).replace('_', '.'));
            }
        }
        if (name.startsWith("KAFKA_") && name.length() > "KAFKA_".length()) {
            return Optional.of(name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Settings{");
        values.forEach((k, v) -> sb.append(k).append('=').append(isSecret(k) ? "[hidden]" : v).append(", "));
        return sb.append('}').toString();
    }

    private static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        // ssl.keystore.key: a PEM private key given inline.
        return k.contains("password") || k.contains("jaas") || k.contains("user.info") || k.contains("secret") || k.endsWith("keystore.key");
    }

    /** Collects the layers; later calls of the same layer add to it. */
    public static final class Builder {
        private final Map<String, String> defaults = new LinkedHashMap<>();
        private final Map<String, String> file = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> flags = new LinkedHashMap<>();

        public Builder defaults(Map<String, String> values) {
            defaults.putAll(values);
            return this;
        }

        public Builder file(Path path) {
            if (path == null) {
                return this;
            }
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + path + ": " + e.getMessage(), e);
            }
            props.stringPropertyNames().forEach(k -> file.put(k, props.getProperty(k)));
            return this;
        }

        public Builder env(Map<String, String> environment) {
            environment.forEach((name, value) -> keyForEnv(name).ifPresent(key -> {
                String previous = env.put(key, value);
                if (previous != null && !previous.equals(value)) {
                    throw new IllegalArgumentException("environment sets " + key + " twice with different values");
                }
            }));
            return this;
        }

        /** Command-line flags; a key given twice with different values is rejected. */
        public Builder flag(String key, String value) {
            if (value == null) {
                return this;
            }
            String previous = flags.put(key, value);
            if (previous != null && !previous.equals(value)) {
                throw new IllegalArgumentException("setting " + key + " given twice on the command line: '" + previous + "' and '" + value + "'");
            }
            return this;
        }

        public Builder flags(Map<String, String> values) {
            values.forEach(this::flag);
            return this;
        }

        public Settings build() {
            Map<String, String> merged = new LinkedHashMap<>(defaults);
            merged.putAll(file);
            merged.putAll(env);
            merged.putAll(flags);
            return new Settings(merged);
        }
    }
}
