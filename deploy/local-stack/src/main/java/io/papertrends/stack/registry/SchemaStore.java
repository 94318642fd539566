package io.papertrends.stack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Subjects, versions, ids and compatibility settings of the registry, kept in memory and
 * logged to a compacted Kafka topic ({@code _schemas}) so that they survive restarts. Records
 * use the same JSON keys and values as Confluent's registry ({@code keytype} SCHEMA / CONFIG /
 * DELETE_SUBJECT). Every change is written to the topic and acknowledged before it is applied
 * and answered. This store is the only writer of its topic: run one registry per topic.
 */
final class SchemaStore implements AutoCloseable {
    private record Version(int id, boolean deleted) { }

    private final ObjectMapper json = new ObjectMapper();
    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<String, TreeMap<Integer, Version>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private final CompatibilityLevel defaultLevel;
    private int maxId;

    SchemaStore(Map<String, Object> kafkaConfig, String topic, CompatibilityLevel defaultLevel) {
        this.topic = topic;
        this.defaultLevel = defaultLevel;
        this.globalLevel = defaultLevel;
        createTopic(kafkaConfig);
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-writer");
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        replay(kafkaConfig);
    }

    private void createTopic(Map<String, Object> kafkaConfig) {
        try (Admin admin = Admin.create(kafkaConfig)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create registry topic " + topic + ": " + e.getCause(), e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot create registry topic " + topic + ": " + e, e);
        }
    }

    /** Reads the topic from its start to its current end. */
    private void replay(Map<String, Object> kafkaConfig) {
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-reader");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            while (consumer.position(tp, Duration.ofSeconds(30)) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(r.key(), r.value());
                }
            }
        }
    }

    // ---- reads ----

    synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    synchronized List<String> subjects(boolean includeDeleted) {
        List<String> out = new ArrayList<>();
        subjects.forEach((s, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                out.add(s);
            }
        });
        return out;
    }

    synchronized List<Integer> versions(String subject, boolean includeDeleted) {
        List<Integer> out = new ArrayList<>();
        live(subject, includeDeleted).forEach((v, e) -> out.add(v));
        return out;
    }

    /** {@code version} is a number, "latest" or "-1". */
    synchronized ObjectNode version(String subject, String version, boolean includeDeleted) {
        TreeMap<Integer, Version> versions = live(subject, includeDeleted);
        int v;
        if (version.equals("latest") || version.equals("-1")) {
            v = versions.lastKey();
        } else {
            try {
                v = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw RegistryError.invalidVersion(version);
            }
            if (v < 1) {
                throw RegistryError.invalidVersion(version);
            }
            if (!versions.containsKey(v)) {
                throw RegistryError.versionNotFound(subject, v);
            }
        }
        return describe(subject, v, versions.get(v).id());
    }

    /** The registered version of {@code schemaText} under {@code subject}. */
    synchronized ObjectNode lookup(String subject, String schemaText) {
        TreeMap<Integer, Version> versions = live(subject, false);
        String canonical = canonical(schemaText);
        Integer id = idBySchema.get(canonical);
        for (var e : versions.entrySet()) {
            if (id != null && e.getValue().id() == id) {
                return describe(subject, e.getKey(), id);
            }
        }
        throw RegistryError.schemaNotFound("not registered under subject '" + subject + "'");
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** Why {@code schemaText} may not follow the subject's {@code version} (or all, if transitive). */
    synchronized List<String> compatibilityViolations(String subject, String version, String schemaText) {
        Schema candidate = parse(schemaText);
        TreeMap<Integer, Version> versions = live(subject, false);
        CompatibilityLevel level = effectiveLevel(subject);
        List<Schema> previous = new ArrayList<>();
        if (version.equals("latest") || version.equals("-1") || level.transitive()) {
            versions.values().forEach(v -> previous.add(parse(schemaById.get(v.id()))));
        } else {
            previous.add(parse(schemaById.get(version(subject, version, false).get("id").asInt())));
        }
        return level.violations(candidate, previous);
    }

    // ---- writes ----

    /** Registers the schema under the subject and returns its id (the existing one when already there). */
    synchronized int register(String subject, String schemaText) {
        String canonical = canonical(schemaText);
        Integer existing = idBySchema.get(canonical);
        TreeMap<Integer, Version> versions = subjects.getOrDefault(subject, new TreeMap<>());
        if (existing != null) {
            for (Version v : versions.values()) {
                if (!v.deleted() && v.id() == existing) {
                    return existing;
                }
            }
        }
        List<Schema> previous = new ArrayList<>();
        versions.values().stream().filter(v -> !v.deleted()).forEach(v -> previous.add(parse(schemaById.get(v.id()))));
        List<String> violations = effectiveLevel(subject).violations(parse(canonical), previous);
        if (!violations.isEmpty()) {
            throw new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\", details: " + violations);
        }
        int id = existing != null ? existing : maxId + 1;
        int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        ObjectNode value = json.createObjectNode();
        value.put("subject", subject).put("version", version).put("id", id).put("schema", canonical).put("deleted", false);
        write(schemaKey(subject, version), value.toString());
        return id;
    }

    /** Soft-deletes (or, when already soft-deleted and {@code permanent}, removes) a subject; returns its versions. */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        TreeMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        boolean allDeleted = versions.values().stream().allMatch(Version::deleted);
        List<Integer> deleted = new ArrayList<>(versions.keySet());
        if (permanent) {
            if (!allDeleted) {
                throw new RegistryError(404, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
            }
            for (int v : deleted) {
                write(schemaKey(subject, v), null);
            }
            return deleted;
        }
        if (allDeleted) {
            throw new RegistryError(404, 40404, "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
        }
        deleted.clear();
        for (var e : new TreeMap<>(versions).entrySet()) {
            if (!e.getValue().deleted()) {
                ObjectNode value = json.createObjectNode();
                value.put("subject", subject).put("version", e.getKey()).put("id", e.getValue().id())
                        .put("schema", schemaById.get(e.getValue().id())).put("deleted", true);
                write(schemaKey(subject, e.getKey()), value.toString());
                deleted.add(e.getKey());
            }
        }
        return deleted;
    }

    /** Sets the level of a subject, or the global level when {@code subject} is null. */
    synchronized void setLevel(String subject, CompatibilityLevel level) {
        ObjectNode value = json.createObjectNode();
        value.put("compatibilityLevel", level.name());
        write(configKey(subject), value.toString());
    }

    /** Removes a subject's own level (it falls back to the global one); returns the removed level. */
    synchronized CompatibilityLevel clearLevel(String subject) {
        CompatibilityLevel previous = subjectLevels.get(subject);
        if (previous == null) {
            throw new RegistryError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        write(configKey(subject), null);
        return previous;
    }

    // ---- internals ----

    private CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private TreeMap<Integer, Version> live(String subject, boolean includeDeleted) {
        TreeMap<Integer, Version> versions = subjects.get(subject);
        TreeMap<Integer, Version> out = new TreeMap<>();
        if (versions != null) {
            versions.forEach((v, e) -> {
                if (includeDeleted || !e.deleted()) {
                    out.put(v, e);
                }
            });
        }
        if (out.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return out;
    }

    private ObjectNode describe(String subject, int version, int id) {
        ObjectNode out = json.createObjectNode();
        out.put("subject", subject).put("version", version).put("id", id).put("schema", schemaById.get(id));
        return out;
    }

    static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException | NullPointerException e) {
            throw RegistryError.invalidSchema(String.valueOf(e.getMessage()));
        }
    }

    /** The schema's identity: Avro's own rendering of the parsed schema (docs kept, whitespace not). */
    static String canonical(String text) {
        return parse(text).toString();
    }

    private String schemaKey(String subject, int version) {
        ObjectNode key = json.createObjectNode();
        key.put("keytype", "SCHEMA").put("subject", subject).put("version", version).put("magic", 1);
        return key.toString();
    }

    private String configKey(String subject) {
        ObjectNode key = json.createObjectNode();
        key.put("keytype", "CONFIG");
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        key.put("magic", 0);
        return key.toString();
    }

    private void write(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryError(500, 50001, "Error in the backend data store: interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new RegistryError(500, 50001, "Error in the backend data store: " + e.getMessage());
        }
        apply(key, value);
    }

    private void apply(String keyText, String valueText) {
        JsonNode key;
        JsonNode value;
        try {
            key = json.readTree(keyText);
            value = valueText == null ? null : json.readTree(valueText);
        } catch (Exception e) {
            return; // not a record of ours; the topic may be shared with other tools' noop records
        }
        String type = key.path("keytype").asText();
        String subject = key.path("subject").isNull() ? null : key.path("subject").asText(null);
        switch (type) {
            case "SCHEMA" -> {
                int version = key.path("version").asInt();
                if (value == null) {
                    TreeMap<Integer, Version> versions = subjects.get(subject);
                    if (versions != null) {
                        versions.remove(version);
                        if (versions.isEmpty()) {
                            subjects.remove(subject);
                        }
                    }
                    return;
                }
                int id = value.path("id").asInt();
                String schema = value.path("schema").asText();
                schemaById.putIfAbsent(id, schema);
                idBySchema.putIfAbsent(schema, id);
                maxId = Math.max(maxId, id);
                subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, new Version(id, value.path("deleted").asBoolean(false)));
            }
            case "CONFIG" -> {
                if (subject == null) {
                    globalLevel = value == null ? defaultLevel : CompatibilityLevel.parse(value.path("compatibilityLevel").asText());
                } else if (value == null) {
                    subjectLevels.remove(subject);
                } else {
                    subjectLevels.put(subject, CompatibilityLevel.parse(value.path("compatibilityLevel").asText()));
                }
            }
            default -> { }
        }
    }

    /** Ids in use (for diagnostics and tests). */
    synchronized Set<Integer> ids() {
        return new TreeSet<>(schemaById.keySet());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
