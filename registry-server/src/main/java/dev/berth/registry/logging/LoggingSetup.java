package dev.berth.registry.logging;

import org.slf4j.LoggerFactory;

/**
 * Logging's setup, on a thread of its own: it does not depend on the configuration ({@link
 * LogOutput} switches the format afterwards) and takes a noticeable part of a server's start
 * (logback's setup, and the first look into the jar's service files), which can pass while the
 * configuration is read. Nothing may log before {@link #await()} returns: while SLF4J initialises it
 * hands stand-in loggers to other threads that ask.
 */
public final class LoggingSetup {
    private final Thread setup;

    private LoggingSetup(Thread setup) {
        this.setup = setup;
    }

    public static LoggingSetup start() {
        // A class, not a lambda: the process's first lambda sets the lambda machinery up first, some
        // milliseconds the setup need not wait for.
        Thread setup = new Thread("berth-logging-setup") {
            @Override
            public void run() {
                try {
                    LoggerFactory.getILoggerFactory();
                } catch (RuntimeException e) {
                    // Not reported here: SLF4J keeps the failure, and the first logger asked for meets it.
                }
            }
        };
        setup.setDaemon(true);
        setup.start();
        return new LoggingSetup(setup);
    }

    /** Waits until logging is set up. */
    public void await() throws InterruptedException {
        setup.join();
    }
}
