package io.papertrends.cli;

import io.papertrends.config.Settings;
import io.papertrends.streams.DeadLetters;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code papertrends dlq TOPIC}: the dead letters of a stream service, one block each (where the
 * record came from, why it was set aside, its key and, when it is a record of the contract, its
 * value as JSON); {@code --resend P:O,…} sends the chosen ones back to the topic they came from,
 * key, value and headers as they were, once the cause is mended.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "List the dead letters of a stream service (enrich-dlq, trend-dlq) and send chosen ones back to their source topic.")
final class DlqCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TOPIC", description = "The dead-letter topic, e.g. enrich-dlq (the topic prefix is added).")
    String topic;

    @Option(names = "--limit", defaultValue = "100", description = "Show at most N dead letters (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--resend", split = ",", paramLabel = "PARTITION:OFFSET",
            description = "Send these dead letters (as listed, e.g. 0:12,1:3) back to the topic they came from.")
    List<String> resend = new ArrayList<>();

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        Settings settings = connection.settings();
        Topics topics = Topics.from(settings.asMap());
        String name = topics.prefix() + topic;
        Set<String> wanted = new LinkedHashSet<>(resend);
        List<ConsumerRecord<byte[], byte[]>> letters = read(settings, name, wanted.isEmpty() ? limit : Integer.MAX_VALUE);
        if (wanted.isEmpty()) {
            letters.forEach(r -> System.out.println(describe(r, topics)));
            System.out.println(letters.size() + " dead letter(s) in " + name + (letters.size() == limit ? " (--limit reached)" : ""));
            return 0;
        }
        int sent = 0;
        Map<String, Object> config = new HashMap<>(settings.kafkaProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<byte[], byte[]> r : letters) {
                if (!wanted.remove(r.partition() + ":" + r.offset())) {
                    continue;
                }
                if (header(r.headers(), DeadLetters.TRUNCATED).isPresent()) {
                    System.out.println(r.partition() + ":" + r.offset() + ": its value was cut to fit the dead-letter topic; not sent");
                    continue;
                }
                Optional<String> source = header(r.headers(), DeadLetters.TOPIC);
                if (source.isEmpty()) {
                    System.out.println(r.partition() + ":" + r.offset() + ": no source topic in its headers; not sent");
                    continue;
                }
                producer.send(new ProducerRecord<>(source.get(), null, null, r.key(), r.value(), original(r.headers()))).get(30, TimeUnit.SECONDS);
                System.out.println(r.partition() + ":" + r.offset() + ": sent back to " + source.get());
                sent++;
            }
        }
        wanted.forEach(w -> System.out.println(w + ": no such dead letter in " + name));
        System.out.println(sent + " dead letter(s) sent back");
        return wanted.isEmpty() ? 0 : 1;
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(Settings settings, String name, int max) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = TopicConsumers.readCommitted(settings)) {
            List<TopicPartition> partitions = TopicConsumers.assignAll(consumer, name);
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("no topic " + name);
            }
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.size() < max && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (out.size() < max) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /** A dead letter for a person: where it came from, why, and what it holds. */
    static String describe(ConsumerRecord<byte[], byte[]> r, Topics topics) {
        Headers h = r.headers();
        String source = header(h, DeadLetters.TOPIC).orElse("?");
        StringBuilder out = new StringBuilder();
        out.append(r.partition()).append(':').append(r.offset()).append("  ").append(Instant.ofEpochMilli(r.timestamp()))
                .append("  ").append(header(h, DeadLetters.REASON).orElse("?"))
                .append("  from ").append(source).append('-').append(header(h, DeadLetters.PARTITION).orElse("?"))
                .append(" offset ").append(header(h, DeadLetters.OFFSET).orElse("?")).append('\n');
        out.append("    error: ").append(header(h, DeadLetters.EXCEPTION).orElse("?")).append(": ")
                .append(header(h, DeadLetters.MESSAGE).orElse("")).append('\n');
        out.append("    key: ").append(r.key() == null ? "(none)" : new String(r.key(), StandardCharsets.UTF_8)).append('\n');
        out.append("    value: ").append(value(r.value(), source, topics));
        header(h, DeadLetters.TRUNCATED).ifPresent(n -> out.append("\n    (cut from ").append(n).append(" bytes)"));
        return out.toString();
    }

    private static String value(byte[] value, String source, Topics topics) {
        if (value == null) {
            return "(none)";
        }
        for (TopicSpec<?, ?> spec : topics.all()) {
            if (spec.name().equals(source)) {
                try {
                    Object decoded = spec.valueSerde().deserializer().deserialize(source, value);
                    return value.length + " bytes, " + decoded;
                } catch (RuntimeException e) {
                    break;
                }
            }
        }
        String text = new String(value, StandardCharsets.UTF_8);
        return value.length + " bytes that do not decode as " + source + " records: "
                + (text.length() > 200 ? text.substring(0, 200) + "…" : text).replaceAll("\\p{Cntrl}", "·");
    }

    /** The headers the record had before it was dead-lettered. */
    private static Headers original(Headers headers) {
        Headers out = new RecordHeaders();
        for (Header h : headers) {
            if (!h.key().startsWith("__streams.errors.") && !h.key().startsWith("papertrends.dlq.")) {
                out.add(h);
            }
        }
        return out;
    }

    private static Optional<String> header(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null ? Optional.empty() : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }
}
