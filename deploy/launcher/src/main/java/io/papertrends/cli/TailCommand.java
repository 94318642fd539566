package io.papertrends.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.papertrends.config.Settings;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code papertrends tail TOPIC}: the records of a contract topic as JSON lines, one a record —
 * {@code {"topic","partition","offset","timestamp","key","value"}}, the value decoded with the
 * contract's schema (read from the registry) into plain JSON (timestamps as ISO-8601, enums as
 * their symbols). By default the last {@code --limit} records of each partition; {@code
 * --from-beginning} everything; {@code --follow} keeps printing new records until stopped. Only
 * committed records ({@code read_committed}).
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a contract topic's records as JSON lines (the last --limit of each partition, --from-beginning, --follow).")
final class TailCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TOPIC", description = "A topic of the contract, e.g. trending-updates (the topic prefix is added).")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the beginning of each partition.")
    boolean fromBeginning;

    @Option(names = "--follow", description = "Keep printing new records until stopped (Ctrl-C).")
    boolean follow;

    @Option(names = "--limit", defaultValue = "10", description = "Without --from-beginning: the last N records of each partition (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    ConnectionOptions connection;

    /** Set to end a {@code --follow} (Ctrl-C sets it); it ends within a poll. */
    final AtomicBoolean stop = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        Settings settings = connection.settings();
        Topics topics = Topics.from(settings.asMap());
        TopicSpec<?, ?> spec = topics.all().stream().filter(s -> s.name().equals(topics.prefix() + topic)).findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(this.spec.commandLine(), "no topic " + topic + " in the contract; its topics: "
                        + String.join(", ", topics.all().stream().map(s -> s.name().substring(topics.prefix().length())).toList())));
        Thread hook = new Thread(() -> stop.set(true), "tail-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (KafkaConsumer<byte[], byte[]> consumer = TopicConsumers.readCommitted(settings)) {
            List<TopicPartition> partitions = TopicConsumers.assignAll(consumer, spec.name());
            if (partitions.isEmpty()) {
                System.err.println("papertrends tail: topic " + spec.name() + " does not exist");
                return 1;
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            if (fromBeginning) {
                partitions.forEach(tp -> consumer.seek(tp, begin.get(tp)));
            } else {
                for (TopicPartition tp : partitions) {
                    last(consumer, tp, begin.get(tp), end.get(tp), spec).forEach(System.out::println);
                }
                consumer.assign(partitions);
                partitions.forEach(tp -> consumer.seek(tp, end.get(tp)));
            }
            while (!stop.get() && (follow || partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (follow || r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        System.out.println(line(r, spec));
                    }
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Stopped by Ctrl-C: the hook has run.
            }
        }
        return 0;
    }

    /**
     * The last {@code --limit} committed records of a partition as JSON lines. Offsets are not
     * records: transaction markers and aborted records take offsets too, so the span read back
     * from the end doubles until it holds enough records or reaches the beginning.
     */
    private List<String> last(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long begin, long end, TopicSpec<?, ?> spec)
            throws Exception {
        if (limit <= 0 || end <= begin) {
            return List.of();
        }
        consumer.assign(List.of(tp));
        long span = 2L * limit + 16;
        while (true) {
            long from = Math.max(begin, end - span);
            consumer.seek(tp, from);
            java.util.ArrayDeque<String> lines = new java.util.ArrayDeque<>();
            while (!stop.get() && consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end) {
                        lines.addLast(line(r, spec));
                        if (lines.size() > limit) {
                            lines.removeFirst();
                        }
                    }
                }
            }
            if (lines.size() >= limit || from == begin || stop.get()) {
                return List.copyOf(lines);
            }
            span *= 2;
        }
    }

    /** One record as a JSON line. */
    static String line(ConsumerRecord<byte[], byte[]> r, TopicSpec<?, ?> spec) throws Exception {
        ObjectNode out = NODES.objectNode();
        out.put("topic", r.topic()).put("partition", r.partition()).put("offset", r.offset())
                .put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
        out.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
        if (r.value() == null) {
            out.putNull("value");
        } else {
            try {
                out.set("value", json(spec.valueSerde().deserializer().deserialize(r.topic(), r.value())));
            } catch (RuntimeException e) {
                out.put("value", Base64.getEncoder().encodeToString(r.value()));
                out.put("error", "does not decode as a record of " + r.topic() + ": " + e.getMessage());
            }
        }
        return JSON.writeValueAsString(out);
    }

    /** A decoded value as plain JSON. */
    static JsonNode json(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof GenericRecord record) {
            ObjectNode out = NODES.objectNode();
            for (Schema.Field f : record.getSchema().getFields()) {
                out.set(f.name(), json(record.get(f.pos())));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            ArrayNode out = NODES.arrayNode();
            list.forEach(v -> out.add(json(v)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            map.forEach((k, v) -> out.set(String.valueOf(k), json(v)));
            return out;
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] b = new byte[copy.remaining()];
            copy.get(b);
            return NODES.textNode(Base64.getEncoder().encodeToString(b));
        }
        if (value instanceof byte[] b) {
            return NODES.textNode(new String(b, StandardCharsets.UTF_8));
        }
        if (value instanceof Enum<?> || value instanceof GenericEnumSymbol<?> || value instanceof CharSequence || value instanceof Instant) {
            return NODES.textNode(value.toString());
        }
        return NODES.textNode(value.toString());
    }
}
