package dev.berth.registry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingSetupTest {
    @Test
    void loggersAskedForAfterTheSetupAreLogbacks() throws InterruptedException {
        LoggingSetup.start().await();
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(ch.qos.logback.classic.LoggerContext.class);
        assertThat(LoggerFactory.getLogger(LoggingSetupTest.class)).isInstanceOf(ch.qos.logback.classic.Logger.class);
    }
}
