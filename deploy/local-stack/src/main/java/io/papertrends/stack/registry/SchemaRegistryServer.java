package io.papertrends.stack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry serving the Confluent Schema Registry REST API as its clients use it
 * (Avro schemas only), backed by {@link SchemaStore}. Meant for local runs and tests; any
 * Confluent-compatible registry replaces it in production.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Largest request body accepted (a schema is rarely above a few kB). */
    static final long MAX_REQUEST_BYTES = 2L * 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper();
    private final SchemaStore store;
    private final Javalin app;
    private final boolean https;

    /**
     * HTTPS instead of HTTP.
     *
     * @param keyStore           PKCS12 key store with the certificate served (and its chain)
     * @param keyStorePassword   password of the key store and its key
     * @param trustStore         PKCS12 trust store with the CAs whose client certificates are accepted
     * @param trustStorePassword its password
     * @param requireClientCertificate mutual TLS: refuse clients without a certificate signed by a CA of {@code trustStore}
     */
    public record Tls(Path keyStore, String keyStorePassword, Optional<Path> trustStore, Optional<String> trustStorePassword,
                      boolean requireClientCertificate) {
        public Tls {
            if (requireClientCertificate && trustStore.isEmpty()) {
                throw new IllegalArgumentException("requiring client certificates needs a trust store");
            }
        }

        @Override
        public String toString() {
            return "Tls[keyStore=" + keyStore + ", trustStore=" + trustStore + ", requireClientCertificate=" + requireClientCertificate + "]";
        }
    }

    /**
     * A registry with one credential (or none) for everything; see the full constructor.
     */
    public SchemaRegistryServer(Map<String, Object> kafkaConfig, String topic, String host, int port,
                                String defaultLevel, Optional<String> basicAuthUserInfo) {
        this(kafkaConfig, topic, host, port, defaultLevel, basicAuthUserInfo, Optional.empty());
    }

    /**
     * @param kafkaConfig     Kafka client settings of the broker holding the schemas topic
     * @param topic           the compacted topic keeping the registry's state ({@code _schemas})
     * @param host            address to bind
     * @param port            port to bind (0 = any free port)
     * @param defaultLevel    compatibility level until one is set (Confluent's default is BACKWARD)
     * @param adminUserInfo   when present ({@code user:password}), every request must carry credentials,
     *                        and these may do everything (register, delete, set compatibility)
     * @param readUserInfo    when present ({@code user:password}), these credentials may only read: fetch
     *                        schemas, look a schema up under a subject, check compatibility. Needs {@code adminUserInfo}.
     */
    public SchemaRegistryServer(Map<String, Object> kafkaConfig, String topic, String host, int port,
                                String defaultLevel, Optional<String> adminUserInfo, Optional<String> readUserInfo) {
        this(kafkaConfig, topic, host, port, defaultLevel, adminUserInfo, readUserInfo, Optional.empty());
    }

    /**
     * A registry as with {@link #SchemaRegistryServer(Map, String, String, int, String, Optional, Optional)},
     * served over HTTPS when {@code tls} is present (and then only over HTTPS).
     */
    public SchemaRegistryServer(Map<String, Object> kafkaConfig, String topic, String host, int port,
                                String defaultLevel, Optional<String> adminUserInfo, Optional<String> readUserInfo, Optional<Tls> tls) {
        if (readUserInfo.isPresent() && adminUserInfo.isEmpty()) {
            throw new IllegalArgumentException("a read-only registry credential needs an admin credential too");
        }
        if (readUserInfo.isPresent() && readUserInfo.get().split(":", 2)[0].equals(adminUserInfo.get().split(":", 2)[0])) {
            throw new IllegalArgumentException("the registry's read and admin credentials need different user names");
        }
        this.store = new SchemaStore(kafkaConfig, topic, CompatibilityLevel.parse(defaultLevel));
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.useVirtualThreads = false;
            // With a connector of its own, Javalin adds no plain HTTP one.
            tls.ifPresent(t -> config.jetty.addConnector((server, http) -> httpsConnector(server, http, t, host, port)));
        });
        this.https = tls.isPresent();
        adminUserInfo.ifPresent(admin -> requireBasicAuth(admin, readUserInfo));
        routes(app);
        try {
            if (https) {
                app.start();
            } else {
                app.start(host, port);
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        log.info("schema registry listening on {}{}{}", url(host),
                adminUserInfo.isEmpty() ? " (no authentication)" : readUserInfo.isEmpty() ? " (basic auth)" : " (basic auth, read and admin roles)",
                tls.map(t -> t.requireClientCertificate() ? " (client certificates required)" : "").orElse(""));
    }

    private static ServerConnector httpsConnector(Server server, HttpConfiguration http, Tls tls, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePath(tls.keyStore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(tls.keyStorePassword());
        ssl.setKeyManagerPassword(tls.keyStorePassword());
        tls.trustStore().ifPresent(t -> {
            ssl.setTrustStoreType("PKCS12");
            ssl.setTrustStorePath(t.toAbsolutePath().toString());
            tls.trustStorePassword().ifPresent(ssl::setTrustStorePassword);
        });
        ssl.setNeedClientAuth(tls.requireClientCertificate());
        HttpConfiguration secure = new HttpConfiguration(http);
        // Clients name the registry by address (127.0.0.1) as often as by host name: no SNI check.
        secure.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(secure));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    public int port() {
        return app.port();
    }

    public String url(String host) {
        return (https ? "https://" : "http://") + host + ":" + port();
    }

    private void requireBasicAuth(String adminUserInfo, Optional<String> readUserInfo) {
        byte[] admin = authorization(adminUserInfo);
        byte[] read = readUserInfo.map(SchemaRegistryServer::authorization).orElse(null);
        app.before(ctx -> {
            byte[] given = Optional.ofNullable(ctx.header("Authorization")).orElse("").getBytes(StandardCharsets.UTF_8);
            // Both compared every time, so the answer's timing does not tell which one was close.
            boolean isAdmin = MessageDigest.isEqual(admin, given);
            boolean isReader = read != null && MessageDigest.isEqual(read, given);
            if (!isAdmin && !isReader) {
                ctx.header("WWW-Authenticate", "Basic realm=\"schema-registry\"");
                throw new RegistryError(401, 40101, "Unauthorized");
            }
            if (!isAdmin && isWrite(ctx.method().name(), ctx.path())) {
                throw RegistryError.forbidden(ctx.method().name() + " " + ctx.path());
            }
        });
    }

    private static byte[] authorization(String userInfo) {
        return ("Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether a request changes the registry: registering a version, setting or clearing a
     * compatibility level, deleting. Looking a schema up ({@code POST /subjects/{s}}) and checking
     * compatibility ({@code POST /compatibility/...}) only read; any other non-GET is a write.
     */
    static boolean isWrite(String method, String path) {
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return false;
        }
        if (method.equals("POST")) {
            String[] parts = path.replaceAll("^/+|/+$", "").split("/+");
            boolean lookup = parts.length == 2 && parts[0].equals("subjects");
            boolean compatibility = parts.length >= 1 && parts[0].equals("compatibility");
            return !lookup && !compatibility;
        }
        return true;
    }

    private void routes(Javalin app) {
        app.exception(RegistryError.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("registry request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, 50001, "Error in the backend data store: " + e.getMessage());
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, 404, "HTTP 404 Not Found");
            }
        });
        app.error(413, ctx -> error(ctx, 413, 413, "Request body larger than " + MAX_REQUEST_BYTES + " bytes"));

        app.get("/", ctx -> send(ctx, json.createObjectNode()));
        app.get("/subjects", ctx -> send(ctx, array(store.subjects(flag(ctx, "deleted")))));
        app.get("/subjects/{subject}/versions", ctx -> send(ctx, array(store.versions(ctx.pathParam("subject"), flag(ctx, "deleted")))));
        app.get("/subjects/{subject}/versions/{version}", ctx ->
                send(ctx, store.version(ctx.pathParam("subject"), ctx.pathParam("version"), flag(ctx, "deleted"))));
        app.get("/subjects/{subject}/versions/{version}/schema", ctx -> {
            JsonNode v = store.version(ctx.pathParam("subject"), ctx.pathParam("version"), flag(ctx, "deleted"));
            ctx.contentType(CONTENT_TYPE).result(v.get("schema").asText());
        });
        app.post("/subjects/{subject}/versions", ctx -> {
            String schema = schemaFrom(ctx);
            ObjectNode out = json.createObjectNode();
            out.put("id", store.register(ctx.pathParam("subject"), schema));
            send(ctx, out);
        });
        app.post("/subjects/{subject}", ctx -> send(ctx, store.lookup(ctx.pathParam("subject"), schemaFrom(ctx))));
        app.delete("/subjects/{subject}", ctx ->
                send(ctx, array(store.deleteSubject(ctx.pathParam("subject"), flag(ctx, "permanent")))));
        app.get("/schemas/ids/{id}", ctx -> {
            ObjectNode out = json.createObjectNode();
            out.put("schema", schemaById(ctx));
            send(ctx, out);
        });
        app.get("/schemas/ids/{id}/schema", ctx -> ctx.contentType(CONTENT_TYPE).result(schemaById(ctx)));
        app.get("/schemas/types", ctx -> send(ctx, array(List.of("AVRO"))));
        app.post("/compatibility/subjects/{subject}/versions/{version}", ctx -> {
            List<String> violations = store.compatibilityViolations(ctx.pathParam("subject"), ctx.pathParam("version"), schemaFrom(ctx));
            ObjectNode out = json.createObjectNode();
            out.put("is_compatible", violations.isEmpty());
            if (flag(ctx, "verbose")) {
                ArrayNode messages = out.putArray("messages");
                violations.forEach(messages::add);
            }
            send(ctx, out);
        });
        app.get("/config", ctx -> send(ctx, level("compatibilityLevel", store.globalLevel())));
        app.put("/config", ctx -> {
            CompatibilityLevel level = levelFrom(ctx);
            store.setLevel(null, level);
            send(ctx, level("compatibility", level));
        });
        app.get("/config/{subject}", ctx -> {
            String subject = ctx.pathParam("subject");
            Optional<CompatibilityLevel> own = store.subjectLevel(subject);
            if (own.isEmpty() && !flag(ctx, "defaultToGlobal")) {
                throw new RegistryError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
            }
            send(ctx, level("compatibilityLevel", own.orElse(store.globalLevel())));
        });
        app.put("/config/{subject}", ctx -> {
            CompatibilityLevel level = levelFrom(ctx);
            store.setLevel(ctx.pathParam("subject"), level);
            send(ctx, level("compatibility", level));
        });
        app.delete("/config/{subject}", ctx -> send(ctx, level("compatibilityLevel", store.clearLevel(ctx.pathParam("subject")))));
        app.get("/mode", ctx -> {
            ObjectNode out = json.createObjectNode();
            out.put("mode", "READWRITE");
            send(ctx, out);
        });
    }

    private String schemaById(Context ctx) {
        int id;
        try {
            id = Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("'" + ctx.pathParam("id") + "' is not a schema id");
        }
        return store.schemaById(id).orElseThrow(() -> RegistryError.schemaNotFound("no schema with id " + id));
    }

    private JsonNode body(Context ctx) {
        try {
            JsonNode body = json.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new RegistryError(422, 422, "Request body must be a JSON object");
            }
            return body;
        } catch (RegistryError e) {
            throw e;
        } catch (Exception e) {
            throw new RegistryError(400, 400, "Request body is not valid JSON: " + e.getMessage());
        }
    }

    private String schemaFrom(Context ctx) {
        JsonNode body = body(ctx);
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw RegistryError.invalidSchema("schemaType " + type + " is not supported by this registry (AVRO only)");
        }
        if (body.path("references").isArray() && !body.path("references").isEmpty()) {
            throw RegistryError.invalidSchema("schema references are not supported by this registry");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new RegistryError(422, 42201, "Invalid schema: the body needs a string field 'schema'");
        }
        SchemaStore.parse(schema.asText());
        return schema.asText();
    }

    private CompatibilityLevel levelFrom(Context ctx) {
        JsonNode body = body(ctx);
        JsonNode level = body.has("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
        if (level == null || !level.isTextual()) {
            throw RegistryError.invalidCompatibility(String.valueOf(level));
        }
        return CompatibilityLevel.parse(level.asText());
    }

    private ObjectNode level(String field, CompatibilityLevel level) {
        ObjectNode out = json.createObjectNode();
        out.put(field, level.name());
        return out;
    }

    private ArrayNode array(List<?> items) {
        ArrayNode out = json.createArrayNode();
        items.forEach(i -> out.add(json.valueToTree(i)));
        return out;
    }

    private static boolean flag(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    private void send(Context ctx, JsonNode body) {
        ctx.contentType(CONTENT_TYPE).result(body.toString());
    }

    private void error(Context ctx, int status, int code, String message) {
        ObjectNode out = json.createObjectNode();
        out.put("error_code", code).put("message", message);
        ctx.status(status).contentType(CONTENT_TYPE).result(out.toString());
    }

    @Override
    public void close() {
        app.stop();
        store.close();
    }
}
