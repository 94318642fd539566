package io.papertrends.stack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry against the documented Confluent Schema Registry REST API, spoken as raw HTTP
 * (not through the project's own client): paths, status codes, error codes and bodies.
 */
@ExtendWith(LocalStackExtension.class)
class SchemaRegistryApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    private static final String V2_COMPATIBLE = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}";
    private static final String V2_INCOMPATIBLE = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"c\",\"type\":\"int\"}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;
    private String subject;

    record Answer(int status, JsonNode body) { }

    @BeforeEach
    void setUp(LocalStack stack) {
        base = stack.schemaRegistryUrl();
        subject = "api-test-" + UUID.randomUUID() + "-value";
    }

    @Test
    void shouldRegisterLookUpAndFetchBySubjectVersionAndId() throws Exception {
        Answer registered = call("POST", "/subjects/" + subject + "/versions", schemaBody(V1));
        assertThat(registered.status()).isEqualTo(200);
        int id = registered.body().get("id").asInt();

        assertThat(call("POST", "/subjects/" + subject + "/versions", schemaBody(V1)).body().get("id").asInt())
                .as("registering the same schema again").isEqualTo(id);

        Answer lookup = call("POST", "/subjects/" + subject, schemaBody(V1));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.body().get("id").asInt()).isEqualTo(id);
        assertThat(lookup.body().get("version").asInt()).isEqualTo(1);
        assertThat(lookup.body().get("subject").asText()).isEqualTo(subject);

        Answer byId = call("GET", "/schemas/ids/" + id, null);
        assertThat(JSON.readTree(byId.body().get("schema").asText())).isEqualTo(JSON.readTree(V1));
        HttpResponse<String> raw = http.send(HttpRequest.newBuilder(URI.create(base + "/schemas/ids/" + id + "/schema")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(raw.body())).isEqualTo(JSON.readTree(V1));

        assertThat(call("GET", "/subjects", null).body()).extracting(JsonNode::asText).contains(subject);
        assertThat(call("GET", "/subjects/" + subject + "/versions", null).body().toString()).isEqualTo("[1]");
        Answer latest = call("GET", "/subjects/" + subject + "/versions/latest", null);
        assertThat(latest.body().get("id").asInt()).isEqualTo(id);
        assertThat(latest.body().get("version").asInt()).isEqualTo(1);
        assertThat(call("GET", "/subjects/" + subject + "/versions/1", null).body().get("id").asInt()).isEqualTo(id);
    }

    @Test
    void shouldGiveTheSameSchemaUnderTwoSubjectsOneId() throws Exception {
        String other = "api-test-" + UUID.randomUUID() + "-value";
        int a = call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_COMPATIBLE)).body().get("id").asInt();
        int b = call("POST", "/subjects/" + other + "/versions", schemaBody(V2_COMPATIBLE)).body().get("id").asInt();
        assertThat(b).isEqualTo(a);
    }

    @Test
    void shouldEnforceBackwardCompatibilityByDefault() throws Exception {
        int v1 = call("POST", "/subjects/" + subject + "/versions", schemaBody(V1)).body().get("id").asInt();

        Answer check = call("POST", "/compatibility/subjects/" + subject + "/versions/latest?verbose=true", schemaBody(V2_INCOMPATIBLE));
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.body().get("is_compatible").asBoolean()).isFalse();
        assertThat(check.body().get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");

        Answer rejected = call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_INCOMPATIBLE));
        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.body().get("error_code").asInt()).isEqualTo(409);
        assertThat(rejected.body().get("message").asText()).contains("incompatible");

        assertThat(call("POST", "/compatibility/subjects/" + subject + "/versions/latest", schemaBody(V2_COMPATIBLE))
                .body().get("is_compatible").asBoolean()).isTrue();
        Answer v2 = call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_COMPATIBLE));
        assertThat(v2.status()).isEqualTo(200);
        assertThat(v2.body().get("id").asInt()).isNotEqualTo(v1);
        assertThat(call("GET", "/subjects/" + subject + "/versions", null).body().toString()).isEqualTo("[1,2]");
    }

    @Test
    void shouldApplyASubjectLevelCompatibilityOverride() throws Exception {
        call("POST", "/subjects/" + subject + "/versions", schemaBody(V1));
        Answer none = call("GET", "/config/" + subject, null);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body().get("error_code").asInt()).isEqualTo(40408);
        assertThat(call("GET", "/config/" + subject + "?defaultToGlobal=true", null).body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

        Answer set = call("PUT", "/config/" + subject, "{\"compatibility\":\"NONE\"}");
        assertThat(set.body().get("compatibility").asText()).isEqualTo("NONE");
        assertThat(call("GET", "/config/" + subject, null).body().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_INCOMPATIBLE)).status()).isEqualTo(200);

        Answer invalid = call("PUT", "/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().get("error_code").asInt()).isEqualTo(42203);
        assertThat(call("GET", "/config", null).body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(call("GET", "/mode", null).body().get("mode").asText()).isEqualTo("READWRITE");
    }

    @Test
    void shouldAnswerConfluentErrorCodes() throws Exception {
        Answer noSubject = call("GET", "/subjects/" + subject + "/versions", null);
        assertThat(noSubject.status()).isEqualTo(404);
        assertThat(noSubject.body().get("error_code").asInt()).isEqualTo(40401);
        assertThat(call("POST", "/subjects/" + subject, schemaBody(V1)).body().get("error_code").asInt()).isEqualTo(40401);

        call("POST", "/subjects/" + subject + "/versions", schemaBody(V1));
        assertThat(call("GET", "/subjects/" + subject + "/versions/7", null).body().get("error_code").asInt()).isEqualTo(40402);
        assertThat(call("GET", "/subjects/" + subject + "/versions/zero", null).body().get("error_code").asInt()).isEqualTo(42202);
        assertThat(call("POST", "/subjects/" + subject, schemaBody(V2_COMPATIBLE)).body().get("error_code").asInt()).isEqualTo(40403);
        assertThat(call("GET", "/schemas/ids/987654", null).body().get("error_code").asInt()).isEqualTo(40403);

        Answer invalid = call("POST", "/subjects/" + subject + "/versions", schemaBody("{\"type\":\"record\",\"name\":\"x\"}"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().get("error_code").asInt()).isEqualTo(42201);
    }

    @Test
    void shouldSoftDeleteThenPermanentlyDeleteASubject() throws Exception {
        call("POST", "/subjects/" + subject + "/versions", schemaBody(V1));
        call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_COMPATIBLE));

        Answer notSoftDeleted = call("DELETE", "/subjects/" + subject + "?permanent=true", null);
        assertThat(notSoftDeleted.body().get("error_code").asInt()).isEqualTo(40405);

        Answer soft = call("DELETE", "/subjects/" + subject, null);
        assertThat(soft.status()).isEqualTo(200);
        assertThat(soft.body().toString()).isEqualTo("[1,2]");
        assertThat(call("GET", "/subjects/" + subject + "/versions", null).body().get("error_code").asInt()).isEqualTo(40401);
        assertThat(call("GET", "/subjects", null).body()).extracting(JsonNode::asText).doesNotContain(subject);
        assertThat(call("GET", "/subjects?deleted=true", null).body()).extracting(JsonNode::asText).contains(subject);

        Answer hard = call("DELETE", "/subjects/" + subject + "?permanent=true", null);
        assertThat(hard.status()).isEqualTo(200);
        assertThat(call("GET", "/subjects?deleted=true", null).body()).extracting(JsonNode::asText).doesNotContain(subject);

        // A new registration starts the subject over.
        assertThat(call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_INCOMPATIBLE)).status()).isEqualTo(200);
        assertThat(call("GET", "/subjects/" + subject + "/versions", null).body().toString()).isEqualTo("[1]");
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private Answer call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/vnd.schemaregistry.v1+json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }
}
