package io.papertrends.streams;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * An output record the broker refuses for what it is (too large, invalid) or that cannot be
 * serialized is dead-lettered with the input record that made it, and processing goes on (see
 * {@link DeadLetters}); a failure of something else (the registry, a retriable broker error) is
 * retried or fails the thread, never skipped.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private DeadLetters deadLetters;

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        return Response.resume(deadLetters.of(context, exception, "PRODUCTION"));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        if (DeadLetters.isTransient(exception)) {
            return Response.fail();
        }
        return Response.resume(deadLetters.of(context, exception, "SERIALIZATION"));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }
}
