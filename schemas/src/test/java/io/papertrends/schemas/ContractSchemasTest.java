package io.papertrends.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.Delivery;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.HarvestCheckpoint;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.avro.RejectedRecord;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.avro.TrendingUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * The schema contract: every record and field documented, and every schema able to read data
 * written with its last released version (BACKWARD, as the registry enforces by default).
 * Released versions live in {@code schemas/released/<version>/}; copy the current schemas
 * there when releasing.
 */
class ContractSchemasTest {
    static final List<Schema> CONTRACT = List.of(Paper.getClassSchema(), PaperEvent.getClassSchema(),
            RejectedRecord.getClassSchema(), EnrichedPaper.getClassSchema(), PaperPopularity.getClassSchema(),
            TrendingUpdate.getClassSchema(), TrendingKeywords.getClassSchema(), TrendingDigest.getClassSchema(),
            Subscription.getClassSchema(), Delivery.getClassSchema(), HarvestCheckpoint.getClassSchema());
    /** Records added since the last release: nothing was written with an earlier version of them. */
    static final Set<String> UNRELEASED = Set.of(Subscription.getClassSchema().getFullName(), Delivery.getClassSchema().getFullName(),
            HarvestCheckpoint.getClassSchema().getFullName());

    @Test
    void shouldDocumentEveryRecordEnumAndField() {
        List<String> undocumented = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        CONTRACT.forEach(s -> collectUndocumented(s, seen, undocumented));
        assertThat(undocumented).isEmpty();
    }

    @Test
    void shouldStayBackwardCompatibleWithTheLastRelease() throws IOException {
        Map<String, Schema> released = lastRelease();
        assertThat(released).as("released schemas").isNotEmpty();
        assertThat(CONTRACT.stream().map(Schema::getFullName)).as("no released record removed").containsAll(released.keySet());
        for (Schema current : CONTRACT) {
            Schema previous = released.get(current.getFullName());
            if (previous == null && UNRELEASED.contains(current.getFullName())) {
                continue;
            }
            assertThat(previous).as("released version of %s (add it to schemas/released when adding a record)", current.getFullName()).isNotNull();
            var result = SchemaCompatibility.checkReaderWriterCompatibility(current, previous);
            assertThat(result.getType())
                    .as("%s must read data written with its released version: %s", current.getFullName(),
                            result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void shouldShipEverySchemaInTheJar() throws IOException {
        // Shared types first: the records that use them name them.
        Schema.Parser parser = new Schema.Parser();
        for (String common : List.of("Movement", "Paper")) {
            parser.parse(resource("avro/common/" + common + ".avsc"));
        }
        for (Schema schema : CONTRACT) {
            Schema shipped = schema.getName().equals("Paper") ? parser.getTypes().get(schema.getFullName())
                    : parser.parse(resource("avro/" + schema.getName() + ".avsc"));
            // The generated classes' schemas carry avro.java.string properties; the files do not.
            assertThat(SchemaNormalization.toParsingForm(shipped)).as("avro/%s.avsc in the jar", schema.getName())
                    .isEqualTo(SchemaNormalization.toParsingForm(schema));
            assertThat(shipped.getDoc()).isEqualTo(schema.getDoc());
        }
    }

    private static String resource(String name) throws IOException {
        try (var in = ContractSchemasTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("%s on the classpath", name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldDetectABackwardIncompatibleChange() {
        // The check above must be able to fail: a new required field without default is incompatible.
        Schema previous = Paper.getClassSchema();
        String changed = previous.toString().replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"mandatory\",\"type\":\"string\"},");
        Schema current = new Schema.Parser().parse(changed);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, previous).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
    }

    static Map<String, Schema> lastRelease() throws IOException {
        Path releases = Path.of("released");
        Path last;
        try (Stream<Path> dirs = Files.list(releases)) {
            last = dirs.filter(Files::isDirectory).max(Comparator.comparing(ContractSchemasTest::versionKey)).orElseThrow();
        }
        Map<String, Schema> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(last)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".avsc")).toList()) {
                Schema s = new Schema.Parser().parse(f.toFile());
                out.put(s.getFullName(), s);
            }
        }
        return out;
    }

    private static String versionKey(Path dir) {
        StringBuilder key = new StringBuilder();
        for (String part : dir.getFileName().toString().split("\\.")) {
            key.append(String.format("%08d", Integer.parseInt(part.replaceAll("\\D", "0"))));
        }
        return key.toString();
    }

    private static void collectUndocumented(Schema schema, Set<String> seen, List<String> out) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (blank(schema.getDoc())) {
                    out.add(schema.getFullName());
                }
                for (Schema.Field f : schema.getFields()) {
                    if (blank(f.doc())) {
                        out.add(schema.getFullName() + "." + f.name());
                    }
                    collectUndocumented(f.schema(), seen, out);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && blank(schema.getDoc())) {
                    out.add(schema.getFullName());
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), seen, out);
            case MAP -> collectUndocumented(schema.getValueType(), seen, out);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, seen, out));
            default -> { }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
