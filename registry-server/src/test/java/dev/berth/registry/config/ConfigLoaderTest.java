package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaults() {
        RegistryConfig c = new ConfigLoader().load();
        assertThat(c.listen()).isEqualTo("0.0.0.0:5000");
        assertThat(c.storage()).isEqualTo("./data");
        assertThat(c.uploadPurgeAge()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverFile() throws IOException {
        Path file = Files.writeString(dir.resolve("berth.yml"),
                "listen: 127.0.0.1:1\nstorage: /from/file\nuploads:\n  purge-age: 2h\n");
        RegistryConfig c = new ConfigLoader().file(file)
                .environment(Map.of("BERTH_STORAGE", "/from/env", "BERTH_UPLOADS_PURGE_AGE", "30m"))
                .set(ConfigKey.LISTEN, "127.0.0.1:2").set(ConfigKey.STORAGE, null)
                .load();
        assertThat(c.listen()).isEqualTo("127.0.0.1:2");
        assertThat(c.storage()).isEqualTo("/from/env");
        assertThat(c.uploadPurgeAge()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void unknownKeysAndBadDurationsAreErrors() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.yml"), "lisen: 1\n");
        assertThatThrownBy(() -> new ConfigLoader().file(typo)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("lisen");
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("BERTH_SHUTDOWN_TIMEOUT", "soon")).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("shutdown-timeout");
    }

    @Test
    void everyKeyHasAnEnvironmentName() {
        assertThat(ConfigKey.UPLOADS_PURGE_INTERVAL.environmentVariable()).isEqualTo("BERTH_UPLOADS_PURGE_INTERVAL");
    }
}
