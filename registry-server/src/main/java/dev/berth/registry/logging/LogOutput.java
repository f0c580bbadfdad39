package dev.berth.registry.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.berth.registry.config.LogFormat;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches the console log to the configured {@link LogFormat}. {@code logback.xml} writes text;
 * for JSON, {@code berth serve} replaces the encoder of every stream appender on the root logger
 * with {@link JsonLayout} before the server starts, so every line it writes is JSON.
 */
public final class LogOutput {
    private LogOutput() {}

    public static void use(LogFormat format) {
        if (format == LogFormat.TEXT) {
            return;
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            LoggerFactory.getLogger(LogOutput.class).warn("log.format: json needs logback; logging stays as it is");
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream) {
                stream.setEncoder(json(context));
            }
        }
    }

    /** An encoder that writes each event through {@link JsonLayout}. */
    public static LayoutWrappingEncoder<ILoggingEvent> json(LoggerContext context) {
        JsonLayout layout = new JsonLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }
}
