package io.papertrends.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Connection settings of the schema registry client. The keys follow the names Confluent's
 * clients use, so one property file configures both.
 *
 * <ul>
 *   <li>{@code schema.registry.url}: one or more base URLs, comma-separated (required)</li>
 *   <li>{@code basic.auth.credentials.source}: {@code USER_INFO} to send
 *       {@code basic.auth.user.info} ({@code user:password}) as HTTP basic auth; when unset,
 *       a {@code basic.auth.user.info} given is sent all the same</li>
 *   <li>{@code auto.register.schemas}: register the writer schema on first use (default
 *       {@code true}; turn off in production so only the release pipeline registers)</li>
 *   <li>{@code schema.registry.ssl.truststore.location} / {@code .password} / {@code .type}:
 *       trust store for {@code https} URLs (default: the JVM's)</li>
 *   <li>{@code schema.registry.ssl.keystore.location} / {@code .password} / {@code .type} and
 *       {@code schema.registry.ssl.key.password}: the client certificate presented to a registry
 *       that requires mutual TLS (the key's password defaults to the store's)</li>
 *   <li>{@code schema.registry.request.timeout.ms} (default 10000),
 *       {@code schema.registry.max.retries} (default 3),
 *       {@code schema.registry.retry.backoff.ms} (default 200)</li>
 *   <li>{@code schema.registry.cache.dir}: a directory where the schemas fetched and the ids
 *       found are kept, so that a restart while the registry is unreachable still reads and
 *       writes what it has seen (default: none; the stream services keep it in their state
 *       directory)</li>
 * </ul>
 */
public record RegistryConfig(
        List<String> urls,
        Optional<String> userInfo,
        boolean autoRegister,
        Optional<Path> trustStore,
        Optional<String> trustStorePassword,
        String trustStoreType,
        Optional<Path> keyStore,
        Optional<String> keyStorePassword,
        String keyStoreType,
        Optional<String> keyPassword,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff,
        Optional<Path> cacheDir) {

    public static final String URL = "schema.registry.url";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String CACHE_DIR = "schema.registry.cache.dir";

    public RegistryConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " is required");
        }
        for (String url : urls) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException(URL + " must be http(s) URLs, got '" + url + "'");
            }
        }
        Objects.requireNonNull(userInfo);
        userInfo.ifPresent(u -> {
            if (!u.contains(":")) {
                throw new IllegalArgumentException(USER_INFO + " must be 'user:password'");
            }
        });
        Objects.requireNonNull(cacheDir);
        Objects.requireNonNull(keyStore);
        if ((trustStore.isPresent() || keyStore.isPresent()) && urls.stream().anyMatch(u -> u.startsWith("http://"))) {
            // A trust store or client certificate configured means TLS was meant: no silent plain HTTP.
            throw new IllegalArgumentException(URL + " must be https URLs when a trust store or key store is configured, got " + urls);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES + " must be >= 0");
        }
    }

    /** Settings for a registry at {@code url} with every other setting at its default. */
    public static RegistryConfig of(String url) {
        return from(Map.of(URL, url));
    }

    /** Reads the settings from a config map (values are strings or their natural types). */
    public static RegistryConfig from(Map<String, ?> config) {
        Object url = config.get(URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException(URL + " is required");
        }
        List<String> urls = new ArrayList<>();
        Arrays.stream(url.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).forEach(urls::add);
        String source = string(config, CREDENTIALS_SOURCE).orElse("");
        Optional<String> userInfo = Optional.empty();
        if ("USER_INFO".equalsIgnoreCase(source) || (source.isEmpty() && string(config, USER_INFO).isPresent())) {
            userInfo = Optional.of(string(config, USER_INFO)
                    .orElseThrow(() -> new IllegalArgumentException(USER_INFO + " is required with " + CREDENTIALS_SOURCE + "=USER_INFO")));
        } else if (!source.isEmpty()) {
            throw new IllegalArgumentException(CREDENTIALS_SOURCE + " supports only USER_INFO, got " + source);
        }
        return new RegistryConfig(
                urls,
                userInfo,
                Boolean.parseBoolean(string(config, AUTO_REGISTER).orElse("true")),
                string(config, TRUSTSTORE_LOCATION).map(Path::of),
                string(config, TRUSTSTORE_PASSWORD),
                string(config, TRUSTSTORE_TYPE).orElse("PKCS12"),
                string(config, KEYSTORE_LOCATION).map(Path::of),
                string(config, KEYSTORE_PASSWORD),
                string(config, KEYSTORE_TYPE).orElse("PKCS12"),
                string(config, KEY_PASSWORD),
                Duration.ofMillis(Long.parseLong(string(config, REQUEST_TIMEOUT_MS).orElse("10000"))),
                Integer.parseInt(string(config, MAX_RETRIES).orElse("3")),
                Duration.ofMillis(Long.parseLong(string(config, RETRY_BACKOFF_MS).orElse("200"))),
                string(config, CACHE_DIR).map(Path::of));
    }

    private static Optional<String> string(Map<String, ?> config, String key) {
        Object v = config.get(key);
        return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString().trim());
    }

    @Override
    public String toString() {
        // Never print credentials.
        return "RegistryConfig[urls=" + urls + ", basicAuth=" + userInfo.isPresent() + ", autoRegister=" + autoRegister
                + ", trustStore=" + trustStore.map(Path::toString).orElse("default") + ", clientCertificate=" + keyStore.isPresent() + "]";
    }
}
