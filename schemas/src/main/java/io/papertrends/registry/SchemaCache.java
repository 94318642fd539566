package io.papertrends.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the registry answered, kept on disk: a schema id never changes meaning, so a schema
 * fetched once (or an id found for a subject and schema) is good after a restart too, and a
 * service that restarts while the registry is unreachable still reads and writes every schema it
 * has seen. One file per id ({@code id-<n>.avsc}) and per subject and schema
 * ({@code subject-<hex subject>-<fingerprint>.id}); each written to a temporary file and moved into
 * place, so a crash never leaves half a file. Unreadable files are ignored (asked again).
 */
final class SchemaCache {
    private static final Logger log = LoggerFactory.getLogger(SchemaCache.class);
    private static final Pattern ID_FILE = Pattern.compile("id-(\\d+)\\.avsc");
    private static final Pattern SUBJECT_FILE = Pattern.compile("subject-([0-9a-f]*)-([0-9a-f]+)\\.id");

    /** A subject's schema and its id, as found in the cache. */
    record SubjectId(String subject, Schema schema, int id) { }

    private final Path dir;

    SchemaCache(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the schema cache directory " + dir, e);
        }
    }

    /** Every schema by id in the cache. */
    java.util.Map<Integer, Schema> schemas() {
        java.util.Map<Integer, Schema> out = new java.util.HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = ID_FILE.matcher(f.getFileName().toString());
                if (m.matches()) {
                    read(f).ifPresent(text -> parse(text, f).ifPresent(schema -> out.put(Integer.parseInt(m.group(1)), schema)));
                }
            }
        } catch (IOException e) {
            log.warn("cannot list the schema cache {}: {}", dir, e.toString());
        }
        return out;
    }

    /** Every subject id in the cache, with its schema (which must be cached by id too). */
    List<SubjectId> subjectIds(java.util.Map<Integer, Schema> byId) {
        List<SubjectId> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = SUBJECT_FILE.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                read(f).map(String::trim).filter(t -> t.matches("\\d+")).map(Integer::parseInt).ifPresent(id -> {
                    Schema schema = byId.get(id);
                    if (schema != null && fingerprint(schema).equals(m.group(2))) {
                        out.add(new SubjectId(new String(java.util.HexFormat.of().parseHex(m.group(1)), StandardCharsets.UTF_8), schema, id));
                    }
                });
            }
        } catch (IOException e) {
            log.warn("cannot list the schema cache {}: {}", dir, e.toString());
        }
        return out;
    }

    void putSchema(int id, Schema schema) {
        write("id-" + id + ".avsc", schema.toString());
    }

    void putSubjectId(String subject, Schema schema, int id) {
        String hex = java.util.HexFormat.of().formatHex(subject.getBytes(StandardCharsets.UTF_8));
        write("subject-" + hex + "-" + fingerprint(schema) + ".id", Integer.toString(id));
    }

    static String fingerprint(Schema schema) {
        return Long.toHexString(org.apache.avro.SchemaNormalization.parsingFingerprint64(schema));
    }

    private void write(String name, String text) {
        Path target = dir.resolve(name);
        try {
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The cache only saves asking the registry again: a failed write costs a request later.
            log.warn("cannot write {} to the schema cache: {}", target, e.toString());
        }
    }

    private static java.util.Optional<String> read(Path f) {
        try {
            return java.util.Optional.of(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("cannot read {} from the schema cache: {}", f, e.toString());
            return java.util.Optional.empty();
        }
    }

    private static java.util.Optional<Schema> parse(String text, Path f) {
        try {
            return java.util.Optional.of(new Schema.Parser().parse(text));
        } catch (RuntimeException e) {
            log.warn("ignoring {} in the schema cache: not a valid schema ({})", f, e.getMessage());
            return java.util.Optional.empty();
        }
    }
}
