package io.papertrends.stack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.serde.WireFormat;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local registry driven by a third-party client: Confluent's own JavaScript client
 * ({@code @confluentinc/schemaregistry}, installed with npm from {@code src/test/node}).
 * It registers, looks up, fetches by id, checks compatibility, gets rejected with 409, and
 * writes a record in the wire format that the project's code then decodes.
 */
@ExtendWith(LocalStackExtension.class)
class ConfluentClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldServeConfluentsOwnClient(LocalStack stack) throws Exception {
        Path work = prepareNodeProject();
        String subject = "compat-" + UUID.randomUUID() + "-value";
        String output = run(work, List.of("node", "registry-compat.mjs", stack.schemaRegistryUrl(), subject), 120);
        JsonNode seen = JSON.readTree(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no JSON from the client, output was:\n" + output)));

        int id = seen.get("registeredId").asInt();
        assertThat(id).isPositive();
        assertThat(seen.get("lookedUpId").asInt()).isEqualTo(id);
        assertThat(seen.get("fetchedSchema").get("name").asText()).isEqualTo("Reading");
        assertThat(seen.get("latestVersion").asInt()).isEqualTo(1);
        assertThat(seen.get("versions").toString()).isEqualTo("[1]");
        assertThat(seen.get("subjects")).extracting(JsonNode::asText).contains(subject);
        assertThat(seen.get("compatibleIsCompatible").asBoolean()).isTrue();
        assertThat(seen.get("incompatibleIsCompatible").asBoolean()).isFalse();
        assertThat(seen.get("incompatibleRegisterStatus").asInt()).isEqualTo(409);
        assertThat(seen.get("defaultCompatibility").asText()).isEqualTo("BACKWARD");

        // What Confluent's serializer wrote decodes with the project's wire-format code and registry client.
        byte[] bytes = Base64.getDecoder().decode(seen.get("serializedBase64").asText());
        int writerId = WireFormat.schemaId("compat", bytes);
        assertThat(writerId).isEqualTo(id);
        Schema writer = new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl())).schemaById(writerId);
        GenericRecord record = new GenericDatumReader<GenericRecord>(writer).read(null,
                DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE, null));
        assertThat(record.get("paperId").toString()).isEqualTo("arxiv:1706.03762");
        assertThat(record.get("count")).isEqualTo(42L);
    }

    /** Copies the Node project to target/ and installs its locked dependencies there (once). */
    private static Path prepareNodeProject() throws Exception {
        Path source = Path.of("src/test/node");
        Path work = Path.of("target/registry-compat");
        Files.createDirectories(work);
        for (String name : List.of("package.json", "package-lock.json", ".npmrc", "registry-compat.mjs")) {
            Files.copy(source.resolve(name), work.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(work.resolve("node_modules/@confluentinc/schemaregistry"))) {
            run(work, List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), 600);
        }
        return work;
    }

    private static String run(Path dir, List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("registry-compat", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (Node.js and npm are needed for this test): " + e.getMessage(), e);
        }
        boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s:\n" + output);
        }
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", command, output).isZero();
        return output;
    }
}
