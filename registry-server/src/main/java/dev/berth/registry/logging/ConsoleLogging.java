package dev.berth.registry.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Berth's logging setup, built in code rather than read from a {@code logback.xml}: one line per
 * event on standard output ({@link TextLayout}), at the level {@code BERTH_LOG_LEVEL} names (default {@code INFO}),
 * Netty at {@code WARN}. Parsing an XML configuration costs a noticeable part of startup (an XML
 * parser and logback's configuration model, some 300 classes). Logback finds this class through
 * {@code META-INF/services}; a configuration file given with {@code -Dlogback.configurationFile} or
 * a {@code logback-test.xml} on the class path still takes precedence.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    static final String LEVEL_VARIABLE = "BERTH_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || ConsoleLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        TextLayout layout = new TextLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level());
        root.addAppender(console);
        context.getLogger("io.netty").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The level named by the system property or environment variable, default {@code INFO}. */
    static Level level() {
        String named = System.getProperty(LEVEL_VARIABLE, System.getenv(LEVEL_VARIABLE));
        return named == null || named.isBlank() ? Level.INFO : Level.toLevel(named.trim(), Level.DEBUG);
    }
}
