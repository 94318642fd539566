package io.papertrends.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.papertrends.serde.RegistryUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters of a stream service: a record bad in itself is sent, with its original key and
 * value bytes, to the service's dead-letter topic ({@code errors.dead.letter.queue.topic.name},
 * e.g. {@code enrich-dlq}) and processing goes on. The headers say where it came from and why, in
 * Kafka Streams' own names ({@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET},
 * {@value #EXCEPTION}, {@value #MESSAGE}, {@value #STACKTRACE}) plus {@value #REASON} (one word:
 * {@code DESERIALIZATION}, {@code PROCESSING}, {@code SERIALIZATION}, {@code PRODUCTION}) and
 * {@value #SERVICE}; a value over {@value #MAX_VALUE_BYTES} bytes is cut to that size, its length in
 * {@value #TRUNCATED}. Each is counted in {@code papertrends.dlq.records} by reason.
 */
public final class DeadLetters {
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    public static final String REASON = "papertrends.dlq.reason";
    public static final String SERVICE = "papertrends.dlq.service";
    /** Set when the value was cut to fit a request: the original length in bytes. */
    public static final String TRUNCATED = "papertrends.dlq.truncated";
    /**
     * The most value bytes a dead letter keeps: a record far larger than the producer's requests
     * (a multi-megabyte field from a producer other than ingest) could not be dead-lettered whole.
     */
    static final int MAX_VALUE_BYTES = 512 * 1024;
    /** The key under which a service passes its meter registry to the handlers through the Streams configuration. */
    public static final String METERS_CONFIG = "papertrends.dlq.meters";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_STACKTRACE_CHARS = 8 * 1024;

    private final String topic;
    private final String service;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private DeadLetters(String topic, String service, MeterRegistry meters) {
        this.topic = topic;
        this.service = service;
        this.meters = meters;
    }

    /** From a handler's configuration (Kafka Streams passes every setting to {@code configure}). */
    static DeadLetters from(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        Object service = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        Object meters = configs.get(METERS_CONFIG);
        return new DeadLetters(topic == null || topic.toString().isBlank() ? null : topic.toString(),
                service == null ? "" : service.toString(), meters instanceof MeterRegistry m ? m : null);
    }

    /** Whether {@code e} says something outside the record failed (the registry): never a dead letter. */
    static boolean isTransient(Throwable e) {
        return RegistryUnavailableException.isCauseOf(e);
    }

    /** The dead letter of the record being processed (its source bytes), logged and counted; empty when no topic is configured. */
    List<ProducerRecord<byte[], byte[]>> of(ErrorHandlerContext context, Exception e, String reason) {
        return of(context, context.sourceRawKey(), context.sourceRawValue(), e, reason);
    }

    List<ProducerRecord<byte[], byte[]>> of(ErrorHandlerContext context, byte[] key, byte[] value, Exception e, String reason) {
        log.warn("{}: dead-lettering the record at {}-{} offset {} ({}): {}", reason, context.topic(), context.partition(), context.offset(),
                e.getClass().getSimpleName(), e.getMessage());
        if (meters != null) {
            counters.computeIfAbsent(reason, r -> Counter.builder("papertrends.dlq.records").tag("reason", r)
                    .description("Records sent to the dead-letter topic, by reason").register(meters)).increment();
        }
        if (topic == null) {
            return List.of();
        }
        Headers headers = new RecordHeaders();
        if (context.headers() != null) {
            context.headers().forEach(h -> {
                if (!h.key().startsWith("__streams.errors.") && !h.key().startsWith("papertrends.dlq.")) {
                    headers.add(h);
                }
            });
        }
        headers.add(EXCEPTION, utf8(e.getClass().getName()));
        headers.add(MESSAGE, utf8(String.valueOf(e.getMessage())));
        headers.add(STACKTRACE, utf8(stackTrace(e)));
        headers.add(TOPIC, utf8(String.valueOf(context.topic())));
        headers.add(PARTITION, utf8(Integer.toString(context.partition())));
        headers.add(OFFSET, utf8(Long.toString(context.offset())));
        headers.add(REASON, utf8(reason));
        headers.add(SERVICE, utf8(service));
        byte[] kept = value;
        if (value != null && value.length > MAX_VALUE_BYTES) {
            kept = java.util.Arrays.copyOf(value, MAX_VALUE_BYTES);
            headers.add(TRUNCATED, utf8(Integer.toString(value.length)));
        }
        return List.of(new ProducerRecord<>(topic, null, null, key, kept, headers));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        String s = out.toString();
        return s.length() <= MAX_STACKTRACE_CHARS ? s : s.substring(0, MAX_STACKTRACE_CHARS);
    }
}
