package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcOptionsTest {
    @Test
    void defaultsCollectDailyAndPruneNothing() {
        RegistryConfig.GcConfig gc = RegistryConfig.defaults().gc();
        assertThat(gc.interval()).isEqualTo(Duration.ofHours(24));
        assertThat(gc.grace()).isEqualTo(Duration.ofHours(1));
        assertThat(gc.pruneUntagged()).isFalse();
        assertThat(gc.pruneAge()).isEqualTo(Duration.ofHours(24));
        assertThat(gc.keep()).isEmpty();
        assertThat(gc.keepReferrers()).isFalse();
        assertThat(GcOptions.of(RegistryConfig.defaults())).isEqualTo(GcOptions.defaults());
    }

    @Test
    void keysComeFromTheFileAndTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("berth.yaml");
        Files.writeString(file, """
                uploads:
                  purge-age: 2h
                gc:
                  interval: "off"
                  prune-untagged: true
                  prune-age: 3d
                  keep: "base/**, team/*"
                """);
        RegistryConfig config = new ConfigLoader()
                .file(file)
                .environment(Map.of("BERTH_GC_GRACE", "10m", "BERTH_GC_KEEP_REFERRERS", "true"))
                .load();
        assertThat(config.gc().interval()).isZero();
        assertThat(config.gc().grace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(GcOptions.of(config))
                .isEqualTo(new GcOptions(
                        false, true, Duration.ofDays(3), List.of("base/**", "team/*"), true, Duration.ofHours(2)));
        assertThat(new ConfigLoader()
                        .set(ConfigKey.GC_INTERVAL, "0")
                        .load()
                        .gc()
                        .interval())
                .isZero();
    }

    @Test
    void badValuesAreConfigErrors() {
        assertThatThrownBy(() -> new ConfigLoader()
                        .set(ConfigKey.GC_PRUNE_UNTAGGED, "yes")
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gc.prune-untagged");
        assertThatThrownBy(() ->
                        new ConfigLoader().set(ConfigKey.GC_KEEP, "Base/**").load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gc.keep");
        assertThatThrownBy(() ->
                        new ConfigLoader().set(ConfigKey.GC_INTERVAL, "soon").load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gc.interval");
    }

    @Test
    void keepPatternsAreChecked() {
        assertThatThrownBy(() -> keeping("a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a b'");
        assertThatThrownBy(() -> keeping("a***"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use * or **");
    }

    private static GcOptions keeping(String pattern) {
        return new GcOptions(false, true, Duration.ofHours(24), List.of(pattern), false, Duration.ofHours(24));
    }
}
