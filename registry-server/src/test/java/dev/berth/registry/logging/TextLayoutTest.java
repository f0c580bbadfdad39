package dev.berth.registry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextLayoutTest {
    /** The pattern the text format was first written with; the layout must go on writing exactly this. */
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level %logger{0} %msg%n";

    @Test
    void writesWhatThePatternLayoutWrites() {
        for (boolean packagingData : List.of(false, true)) {
            LoggerContext context = new LoggerContext();
            context.setPackagingDataEnabled(packagingData);
            Layout<ILoggingEvent> expected = pattern(context);
            TextLayout actual = new TextLayout();
            actual.setContext(context);
            actual.start();
            for (ILoggingEvent event : events(context)) {
                assertThat(actual.doLayout(event)).isEqualTo(expected.doLayout(event));
            }
        }
    }

    @Test
    void writesNothingUntilStarted() {
        LoggerContext context = new LoggerContext();
        TextLayout layout = new TextLayout();
        layout.setContext(context);
        assertThat(layout.doLayout(events(context).get(0))).isEmpty();
    }

    private static Layout<ILoggingEvent> pattern(LoggerContext context) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(PATTERN);
        layout.start();
        return layout;
    }

    private static List<ILoggingEvent> events(LoggerContext context) {
        Exception cause = new IOException("disk full");
        Exception failure = new UncheckedIOException("cannot write", (IOException) cause);
        failure.addSuppressed(new IllegalStateException("also this"));
        return List.of(
                event(context, "dev.berth.registry.RegistryServer", Level.INFO, "Berth listening on {}", null, ":5000"),
                event(context, "dev.berth.registry.http.AccessLog", Level.WARN, "plain", null),
                event(context, "NoPackage", Level.ERROR, "failed: {} {}", failure, "a", 1),
                event(context, "io.netty.util.ResourceLeakDetector", Level.DEBUG, "x", null),
                event(context, "a.b.Trace", Level.TRACE, null, null),
                event(context, "dev.berth.X", Level.INFO, "ünïcode \\n {}", cause, (Object) null));
    }

    private static ILoggingEvent event(
            LoggerContext context, String logger, Level level, String message, Throwable thrown, Object... args) {
        LoggingEvent event = new LoggingEvent(
                "dev.berth.Test", context.getLogger(logger), level, message, thrown, args.length == 0 ? null : args);
        event.setTimeStamp(1_714_560_000_123L + logger.hashCode() % 100_000_000);
        return event;
    }
}
