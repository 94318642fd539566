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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry with an admin and a read-only credential, spoken as raw HTTP: who may do what, and the answers otherwise. */
class RegistryRolesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "release:adm1n-pw";
    private static final String READER = "svc:read-pw";
    private static final String V1 = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    private static final String V2 = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}";

    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, Optional<String> challenge) { }

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStackExtension.startPrivate(Files.createTempDirectory("papertrends-roles-"), Optional.of(ADMIN), Optional.of(READER));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldRefuseMissingOrWrongCredentialsWith401() throws Exception {
        for (Optional<String> who : java.util.List.of(Optional.<String>empty(), Optional.of("svc:wrong"), Optional.of("release:read-pw"))) {
            Answer answer = call(who, "GET", "/subjects", null);
            assertThat(answer.status()).as("credentials %s", who.map(w -> w.split(":")[0] + ":…")).isEqualTo(401);
            assertThat(answer.body().get("error_code").asInt()).isEqualTo(40101);
            assertThat(answer.challenge()).hasValueSatisfying(c -> assertThat(c).startsWith("Basic"));
        }
    }

    @Test
    void shouldLetTheAdminRegisterSetCompatibilityAndDelete() throws Exception {
        String subject = "admin-" + System.nanoTime() + "-value";
        assertThat(call(Optional.of(ADMIN), "POST", "/subjects/" + subject + "/versions", schema(V1)).status()).isEqualTo(200);
        assertThat(call(Optional.of(ADMIN), "PUT", "/config/" + subject, "{\"compatibility\":\"FULL\"}").status()).isEqualTo(200);
        assertThat(call(Optional.of(ADMIN), "DELETE", "/config/" + subject, null).status()).isEqualTo(200);
        assertThat(call(Optional.of(ADMIN), "GET", "/subjects", null).body()).extracting(JsonNode::asText).contains(subject);
        assertThat(call(Optional.of(ADMIN), "DELETE", "/subjects/" + subject, null).status()).isEqualTo(200);
    }

    @Test
    void shouldLetTheReaderReadLookUpAndCheckCompatibility() throws Exception {
        String subject = "read-" + System.nanoTime() + "-value";
        int id = call(Optional.of(ADMIN), "POST", "/subjects/" + subject + "/versions", schema(V1)).body().get("id").asInt();
        Optional<String> reader = Optional.of(READER);

        assertThat(call(reader, "GET", "/subjects", null).body()).extracting(JsonNode::asText).contains(subject);
        assertThat(call(reader, "GET", "/schemas/ids/" + id, null).status()).isEqualTo(200);
        assertThat(call(reader, "GET", "/subjects/" + subject + "/versions/latest", null).body().get("id").asInt()).isEqualTo(id);
        assertThat(call(reader, "GET", "/config", null).status()).isEqualTo(200);
        Answer lookup = call(reader, "POST", "/subjects/" + subject, schema(V1));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.body().get("id").asInt()).isEqualTo(id);
        assertThat(call(reader, "POST", "/subjects/" + subject, schema(V2)).status()).as("lookup of an unregistered schema").isEqualTo(404);
        Answer compatible = call(reader, "POST", "/compatibility/subjects/" + subject + "/versions/latest", schema(V2));
        assertThat(compatible.status()).isEqualTo(200);
        assertThat(compatible.body().get("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void shouldRefuseTheReaderEveryWriteWith403() throws Exception {
        String subject = "write-" + System.nanoTime() + "-value";
        call(Optional.of(ADMIN), "POST", "/subjects/" + subject + "/versions", schema(V1));
        Optional<String> reader = Optional.of(READER);
        String[][] writes = {
            {"POST", "/subjects/" + subject + "/versions", schema(V2)},
            {"PUT", "/config", "{\"compatibility\":\"NONE\"}"},
            {"PUT", "/config/" + subject, "{\"compatibility\":\"NONE\"}"},
            {"DELETE", "/config/" + subject, null},
            {"DELETE", "/subjects/" + subject, null},
        };
        for (String[] w : writes) {
            Answer answer = call(reader, w[0], w[1], w[2]);
            assertThat(answer.status()).as("%s %s", w[0], w[1]).isEqualTo(403);
            assertThat(answer.body().get("error_code").asInt()).isEqualTo(40301);
            assertThat(answer.body().get("message").asText()).contains(w[0] + " " + w[1], "may only read");
        }
        assertThat(call(reader, "GET", "/subjects/" + subject + "/versions", null).body().toString()).as("nothing changed").isEqualTo("[1]");
        assertThat(call(reader, "GET", "/config", null).body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    private static String schema(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private Answer call(Optional<String> userInfo, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        userInfo.ifPresent(u -> request.header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response.headers().firstValue("WWW-Authenticate"));
    }
}
