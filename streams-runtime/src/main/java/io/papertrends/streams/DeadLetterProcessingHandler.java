package io.papertrends.streams;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record that makes a processor throw is dead-lettered and processing goes on (see
 * {@link DeadLetters}); one that failed because the schema registry did not answer fails the
 * thread instead, which is replaced and reads the record again.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private DeadLetters deadLetters;

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (DeadLetters.isTransient(exception)) {
            return Response.fail();
        }
        return Response.resume(deadLetters.of(context, exception, "PROCESSING"));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }
}
