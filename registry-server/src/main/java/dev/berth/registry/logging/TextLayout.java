package dev.berth.registry.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The text log line, {@code 2024-05-01T12:00:00.000+02 INFO  RegistryServer message}, then the
 * stack trace when there is one: what logback's {@code PatternLayout} writes for {@code
 * %d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level %logger{0} %msg%n}, written directly. A pattern layout
 * registers every conversion word it knows when first used, some 150 classes and lambdas: a
 * noticeable part of the time before the server's first answer.
 */
final class TextLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneId.systemDefault());

    private ThrowableProxyConverter stackTrace;

    @Override
    public void start() {
        // What a pattern without an exception conversion appends, as logback chooses it.
        stackTrace =
                getContext() instanceof ch.qos.logback.classic.LoggerContext logback && logback.isPackagingDataEnabled()
                        ? new ExtendedThrowableProxyConverter()
                        : new ThrowableProxyConverter();
        stackTrace.setContext(getContext());
        stackTrace.start();
        super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        if (!isStarted()) {
            return CoreConstants.EMPTY_STRING;
        }
        String level = event.getLevel().toString();
        String logger = event.getLoggerName();
        StringBuilder line = new StringBuilder(128)
                .append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
                .append(' ')
                .append(level);
        for (int pad = level.length(); pad < 5; pad++) {
            line.append(' ');
        }
        return line.append(' ')
                .append(logger, logger.lastIndexOf('.') + 1, logger.length())
                .append(' ')
                .append(event.getFormattedMessage())
                .append(CoreConstants.LINE_SEPARATOR)
                .append(stackTrace.convert(event))
                .toString();
    }
}
