package io.papertrends.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams' dead-letter queue (KIP-1034), which the stream services are to send records
 * they cannot handle to: the config, the handlers' responses that carry dead-letter records, and
 * the record Kafka's own handlers build (the failed input's raw bytes with the error in headers).
 * An upgrade or downgrade that changes any of it fails here.
 */
class DeadLetterQueueApiTest {
    private static final byte[] KEY = "arxiv:2401.00001".getBytes(UTF_8);
    private static final byte[] VALUE = {0, 1, 2, 3};

    @Test
    void shouldKnowTheDeadLetterQueueTopicConfig() {
        assertThat(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG).isEqualTo("errors.dead.letter.queue.topic.name");
        assertThat(StreamsConfig.configDef().names()).contains(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG);
    }

    @Test
    void shouldCarryDeadLetterRecordsInTheHandlersResponses() {
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>("trend-dlq", KEY, VALUE);

        DeserializationExceptionHandler.Response deserialization = DeserializationExceptionHandler.Response.resume(List.of(dead));
        assertThat(deserialization.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(deserialization.deadLetterQueueRecords()).containsExactly(dead);
        assertThat(DeserializationExceptionHandler.Response.fail().deadLetterQueueRecords()).isEmpty();

        ProcessingExceptionHandler.Response processing = ProcessingExceptionHandler.Response.fail(List.of(dead));
        assertThat(processing.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(processing.deadLetterQueueRecords()).containsExactly(dead);

        ProductionExceptionHandler.Response production = ProductionExceptionHandler.Response.resume(List.of(dead));
        assertThat(production.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(production.deadLetterQueueRecords()).containsExactly(dead);
        assertThat(ProductionExceptionHandler.Response.retry().result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
    }

    @Test
    void shouldSendTheRawInputWithTheErrorInHeadersToTheConfiguredTopic() {
        LogAndContinueExceptionHandler handler = new LogAndContinueExceptionHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "trend-dlq"));
        Headers input = new RecordHeaders().add("trace", "t-1".getBytes(UTF_8));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("papers-enriched", 2, 41L, KEY, VALUE);

        DeserializationExceptionHandler.Response response = handler.handleError(new Context(input), record,
                new SerializationException("unknown schema id 7"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        assertThat(dead.topic()).isEqualTo("trend-dlq");
        assertThat(dead.key()).isEqualTo(KEY);
        assertThat(dead.value()).isEqualTo(VALUE);
        assertThat(dead.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(header(dead, "trace")).isEqualTo("t-1");
        assertThat(header(dead, "__streams.errors.exception")).isEqualTo(SerializationException.class.getName());
        assertThat(header(dead, "__streams.errors.message")).isEqualTo("unknown schema id 7");
        assertThat(header(dead, "__streams.errors.stacktrace")).contains("unknown schema id 7").contains("DeadLetterQueueApiTest");
        assertThat(header(dead, "__streams.errors.topic")).isEqualTo("papers-enriched");
        assertThat(header(dead, "__streams.errors.partition")).isEqualTo("2");
        assertThat(header(dead, "__streams.errors.offset")).isEqualTo("41");
    }

    @Test
    void shouldSendNothingWithoutADeadLetterQueueTopic() {
        LogAndContinueExceptionHandler handler = new LogAndContinueExceptionHandler();
        handler.configure(Map.of());
        DeserializationExceptionHandler.Response response = handler.handleError(new Context(new RecordHeaders()),
                new ConsumerRecord<>("papers-enriched", 0, 0L, KEY, VALUE), new SerializationException("bad"));
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), UTF_8);
    }

    /** What Kafka Streams tells a handler about the failed input record. */
    private record Context(Headers headers) implements ErrorHandlerContext {
        @Override
        public String topic() {
            return "papers-enriched";
        }

        @Override
        public int partition() {
            return 2;
        }

        @Override
        public long offset() {
            return 41L;
        }

        @Override
        public String processorNodeId() {
            return "source";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 2);
        }

        @Override
        public long timestamp() {
            return 1_700_000_000_000L;
        }

        @Override
        public byte[] sourceRawKey() {
            return KEY;
        }

        @Override
        public byte[] sourceRawValue() {
            return VALUE;
        }
    }
}
