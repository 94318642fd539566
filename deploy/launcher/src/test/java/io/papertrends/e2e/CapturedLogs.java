package io.papertrends.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything logged in this JVM while open, as text (message and stack trace of every event),
 * with Kafka's own loggers at INFO so their configuration dumps are part of it. Kafka's lines
 * go here only, not to the console.
 */
final class CapturedLogs implements AutoCloseable {
    private static final List<String> KAFKA = List.of("org.apache.kafka", "kafka");

    private final StringBuffer text = new StringBuffer();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Map<Logger, Level> levels = new LinkedHashMap<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            text.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" - ").append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                text.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
    };

    private CapturedLogs() {
        appender.setContext(context);
        appender.setName("captured");
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        for (String name : KAFKA) {
            Logger logger = context.getLogger(name);
            levels.put(logger, logger.getLevel());
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(appender);
        }
    }

    static CapturedLogs start() {
        return new CapturedLogs();
    }

    String text() {
        return text.toString();
    }

    @Override
    public void close() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        levels.forEach((logger, level) -> {
            logger.detachAppender(appender);
            logger.setAdditive(true);
            logger.setLevel(level);
        });
        appender.stop();
    }
}
