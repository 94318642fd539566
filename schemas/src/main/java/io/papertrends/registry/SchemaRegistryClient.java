package io.papertrends.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the Confluent Schema Registry REST API (as served by Confluent, Apicurio's
 * ccompat API, Karapace, Redpanda and the project's local registry).
 *
 * <p>Ids and schemas are cached: a schema id never changes meaning, so each id and each
 * (subject, schema) pair costs one request per process, or once at all with
 * {@code schema.registry.cache.dir} (kept on disk, read back at start). Transient failures (no answer, 5xx,
 * 408, 429) are retried with exponential backoff across the configured URLs. Thread-safe.
 */
public final class SchemaRegistryClient {
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** A schema as registered under a subject. */
    public record RegisteredSchema(String subject, int version, int id, Schema schema) { }

    private final RegistryConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private volatile int preferredUrl;
    private final SchemaCache disk;

    public SchemaRegistryClient(RegistryConfig config) {
        this.config = config;
        this.disk = config.cacheDir().map(SchemaCache::new).orElse(null);
        if (disk != null) {
            schemasById.putAll(disk.schemas());
            for (SchemaCache.SubjectId s : disk.subjectIds(schemasById)) {
                idsBySubject.computeIfAbsent(s.subject(), x -> new ConcurrentHashMap<>()).put(s.schema(), s.id());
            }
        }
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.requestTimeout());
        if (config.trustStore().isPresent() || config.keyStore().isPresent()) {
            builder.sslContext(sslContext(config));
        }
        this.http = builder.build();
    }

    public RegistryConfig config() {
        return config;
    }

    /**
     * Registers {@code schema} under {@code subject} (or finds it registered already) and
     * returns its global id. Fails with 409 when the subject's compatibility rule rejects it.
     */
    public int register(String subject, Schema schema) {
        Integer cached = idsBySubject.getOrDefault(subject, Map.of()).get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException("registry answered without an id for subject " + subject, 200, -1);
        }
        remember(subject, schema, id);
        return id;
    }

    /** Finds the id and version of {@code schema} under {@code subject}, if registered there. */
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        try {
            JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
            RegisteredSchema found = registered(answer, subject);
            remember(subject, schema, found.id());
            return Optional.of(found);
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Id of {@code schema} under {@code subject}: cached, looked up, or registered when allowed. */
    public int idFor(String subject, Schema schema) {
        Integer cached = idsBySubject.getOrDefault(subject, Map.of()).get(schema);
        if (cached != null) {
            return cached;
        }
        if (config.autoRegister()) {
            return register(subject, schema);
        }
        return lookup(subject, schema).map(RegisteredSchema::id).orElseThrow(() -> new SchemaRegistryException(
                "schema not registered under subject '" + subject + "' and " + RegistryConfig.AUTO_REGISTER
                        + " is false: register it first (fingerprint " + fingerprint(schema) + ")", 404, 40403));
    }

    /** The schema with global id {@code id}. */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(answer.path("schema").asText(), "id " + id);
        rememberSchema(id, schema);
        return schema;
    }

    /** The latest version registered under {@code subject}. */
    public RegisteredSchema latest(String subject) {
        return registered(call("GET", "/subjects/" + encode(subject) + "/versions/latest", null), subject);
    }

    /** Whether {@code schema} may be registered under {@code subject} given its compatibility rule. */
    public boolean isCompatible(String subject, Schema schema) {
        JsonNode answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
        return answer.path("is_compatible").asBoolean(false);
    }

    /**
     * Why {@code schema} may not be registered under {@code subject} given its compatibility rule
     * (the registry's verbose messages); empty when it may, or when the subject has no version yet.
     */
    public List<String> incompatibilities(String subject, Schema schema) {
        JsonNode answer;
        try {
            answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true", schemaBody(schema));
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == 404) {
                return List.of(); // no version to be compatible with (older registries answer 404 here)
            }
            throw e;
        }
        if (answer.path("is_compatible").asBoolean(false)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        answer.path("messages").forEach(m -> out.add(m.asText()));
        return out.isEmpty() ? List.of("the registry says it is not compatible (no reason given)") : out;
    }

    /** Subjects registered. */
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        call("GET", "/subjects", null).forEach(n -> out.add(n.asText()));
        return out;
    }

    private void remember(String subject, Schema schema, int id) {
        Integer before = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        rememberSchema(id, schema);
        if (disk != null && before == null) {
            disk.putSubjectId(subject, schema, id);
        }
    }

    private void rememberSchema(int id, Schema schema) {
        if (schemasById.putIfAbsent(id, schema) == null && disk != null) {
            disk.putSchema(id, schema);
        }
    }

    private RegisteredSchema registered(JsonNode answer, String subject) {
        int id = answer.path("id").asInt();
        Schema schema = parse(answer.path("schema").asText(), "subject " + subject);
        rememberSchema(id, schema);
        return new RegisteredSchema(answer.path("subject").asText(subject), answer.path("version").asInt(), id, schema);
    }

    private static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException("registry returned a schema that is not valid Avro for " + what + ": " + e.getMessage(), 200, -1, e);
        }
    }

    private String schemaBody(Schema schema) {
        ObjectNode body = json.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private JsonNode call(String method, String path, String body) {
        SchemaRegistryException last = null;
        long backoff = config.retryBackoff().toMillis();
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            int urlIndex = Math.floorMod(preferredUrl + attempt, config.urls().size());
            String base = config.urls().get(urlIndex);
            try {
                JsonNode answer = once(method, base + path, body);
                preferredUrl = urlIndex;
                return answer;
            } catch (SchemaRegistryException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                last = e;
                if (attempt < config.maxRetries()) {
                    log.warn("schema registry {} {} failed ({}), retry {} of {} in {} ms",
                            method, base + path, e.getMessage(), attempt + 1, config.maxRetries(), backoff);
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }
        throw last;
    }

    private JsonNode once(String method, String url, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        config.userInfo().ifPresent(u -> request.header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry unreachable at " + url + ": " + e, -1, -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while calling schema registry at " + url, -1, -1, e);
        }
        JsonNode answer;
        try {
            answer = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry at " + url + " answered " + response.statusCode()
                    + " with a body that is not JSON: " + abbreviate(response.body()), response.statusCode(), -1, e);
        }
        if (response.statusCode() >= 300) {
            int code = answer.path("error_code").asInt(response.statusCode());
            String message = answer.path("message").asText(abbreviate(response.body()));
            String hint = response.statusCode() == 401 || response.statusCode() == 403
                    ? " (check " + RegistryConfig.CREDENTIALS_SOURCE + " / " + RegistryConfig.USER_INFO + ")" : "";
            throw new SchemaRegistryException(method + " " + url + " -> " + response.statusCode() + " error " + code + ": " + message + hint,
                    response.statusCode(), code);
        }
        return answer;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static String fingerprint(Schema schema) {
        return Long.toHexString(org.apache.avro.SchemaNormalization.parsingFingerprint64(schema));
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while backing off", -1, -1, e);
        }
    }

    /** TLS with the configured trust store (else the JVM's) and client certificate (else none). */
    private static SSLContext sslContext(RegistryConfig config) {
        try {
            TrustManager[] trust = null;
            if (config.trustStore().isPresent()) {
                KeyStore store = load(config.trustStore().get(), config.trustStoreType(), config.trustStorePassword(), "trust store");
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                trust = tmf.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (config.keyStore().isPresent()) {
                KeyStore store = load(config.keyStore().get(), config.keyStoreType(), config.keyStorePassword(), "key store");
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, config.keyPassword().or(config::keyStorePassword).map(String::toCharArray).orElse(null));
                keys = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            // The message names the store, never a password.
            throw new IllegalArgumentException("cannot set up TLS to the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(java.nio.file.Path file, String type, Optional<String> password, String what) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.map(String::toCharArray).orElse(null));
            return store;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot load schema registry " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
