package io.papertrends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.Paper;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.serde.AvroSerde;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code papertrends schemas register} as a release step against a registry with an admin and a
 * read-only credential, and a service that only reads (auto-registration off) using what it registered.
 */
class SchemasCommandIT {
    private static final String ADMIN = "release:adm1n-pw";
    private static final String READER = "svc:read-pw";

    @Test
    void shouldRegisterTheContractOnceThenReportItUnchangedAndRefuseTheReadCredential(@TempDir Path dir) throws Exception {
        try (LocalStack stack = LocalStackExtension.startPrivate(dir, Optional.of(ADMIN), Optional.of(READER))) {
            List<String> subjects = SchemasCommand.Register.contract(new Topics("", new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl()))))
                    .stream().map(SchemasCommand.Register.Entry::subject).toList();
            assertThat(subjects).contains("papers-value", "papers-enriched-value", "notify-papers-value").doesNotContain("enrich-dlq-value");

            CommandRun refused = CommandRun.of("schemas", "register", "--schema-registry-url", stack.schemaRegistryUrl(),
                    "--set", RegistryConfig.USER_INFO + "=" + READER);
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.out()).contains("papers-value: failed:", "403", "40301", "may only read", RegistryConfig.USER_INFO)
                    .doesNotContain("read-pw");

            String first = CommandRun.ok("schemas", "register", "--schema-registry-url", stack.schemaRegistryUrl(),
                    "--set", RegistryConfig.USER_INFO + "=" + ADMIN);
            for (String subject : subjects) {
                assertThat(first).containsPattern("(?m)^" + subject + ": registered id \\d+$");
            }
            assertThat(first).contains(subjects.size() + " subject(s): " + subjects.size() + " registered, 0 unchanged, 0 incompatible");

            String second = CommandRun.ok("schemas", "register", "--schema-registry-url", stack.schemaRegistryUrl(),
                    "--set", RegistryConfig.USER_INFO + "=" + ADMIN);
            for (String subject : subjects) {
                assertThat(second).containsPattern("(?m)^" + subject + ": unchanged \\(id \\d+, version 1\\)$");
            }
            assertThat(second).contains(subjects.size() + " subject(s): 0 registered, " + subjects.size() + " unchanged, 0 incompatible");

            // A service in production: the read credential, auto-registration off.
            Topics service = Topics.from(Map.of(RegistryConfig.URL, stack.schemaRegistryUrl(),
                    RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO", RegistryConfig.USER_INFO, READER,
                    RegistryConfig.AUTO_REGISTER, "false"));
            TopicSpec<String, Paper> papers = service.papers();
            Paper paper = Paper.newBuilder().setId("arxiv:2612.00001").setTitle("A title").setAbstractText("An abstract.")
                    .setSource("test").setContentHash("h").setIngestedAt(Instant.parse("2026-12-01T10:00:00Z")).build();
            byte[] bytes = papers.valueSerde().serializer().serialize(papers.name(), paper);
            assertThat(papers.valueSerde().deserializer().deserialize(papers.name(), bytes)).isEqualTo(paper);
        }
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaAndRegisterNothing(@TempDir Path dir) throws Exception {
        try (LocalStack stack = LocalStackExtension.startPrivate(dir, Optional.of(ADMIN), Optional.of(READER))) {
            // An earlier Paper that the current one cannot read: its id was an int, and the current fields are missing.
            Schema earlier = new Schema.Parser().parse(
                    "{\"type\":\"record\",\"name\":\"Paper\",\"namespace\":\"io.papertrends.avro\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"}]}");
            SchemaRegistryClient admin = new SchemaRegistryClient(RegistryConfig.from(Map.of(
                    RegistryConfig.URL, stack.schemaRegistryUrl(), RegistryConfig.USER_INFO, ADMIN)));
            admin.register(AvroSerde.subject("papers", false), earlier);

            CommandRun run = CommandRun.of("schemas", "register", "--schema-registry-url", stack.schemaRegistryUrl(),
                    "--set", RegistryConfig.USER_INFO + "=" + ADMIN);
            assertThat(run.exit()).isNotZero();
            assertThat(run.out()).containsPattern("(?m)^papers-value: incompatible: .+").contains("1 incompatible");
            assertThat(admin.subjects()).containsExactly("papers-value");
        }
    }
}
