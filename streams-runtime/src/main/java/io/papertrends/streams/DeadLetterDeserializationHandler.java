package io.papertrends.streams;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream service does with a record it cannot decode. A record bad in itself (not the
 * wire format, a schema id the registry says does not exist, bytes that do not match the schema,
 * another record's schema) is dead-lettered and processing goes on (see {@link DeadLetters}), so
 * one bad record never stops a service. A record that could not be decoded because the schema
 * registry did not answer is not bad: processing fails instead, the record's offset is not
 * committed, and the runner retries once the registry answers again (see {@link StreamsRunner}),
 * so nothing is lost.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private DeadLetters deadLetters;

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (DeadLetters.isTransient(exception)) {
            log.warn("cannot decode the record at {}-{} offset {} while the schema registry does not answer; it will be read again: {}",
                    record.topic(), record.partition(), record.offset(), exception.getMessage());
            return Response.fail();
        }
        return Response.resume(deadLetters.of(context, record.key(), record.value(), exception, "DESERIALIZATION"));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }
}
