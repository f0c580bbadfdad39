package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final String[] REQUIRED = {"--berth-jar", "b.jar", "--distribution", "registry", "--work", "w"};

    @Test
    void theS3CountsRunByDefaultAloneOrNot() {
        Options all = Options.parse(REQUIRED);
        assertThat(all.s3()).isTrue();
        assertThat(all.s3Only()).isFalse();
        Options only = Options.parse(with("--s3-only"));
        assertThat(only.s3()).isTrue();
        assertThat(only.s3Only()).isTrue();
        assertThat(Options.parse(with("--no-s3")).s3()).isFalse();
        assertThatThrownBy(() -> Options.parse(with("--s3-only", "--no-s3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exclude each other");
    }

    private static String[] with(String... flags) {
        String[] args = new String[REQUIRED.length + flags.length];
        System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
        System.arraycopy(flags, 0, args, REQUIRED.length, flags.length);
        return args;
    }
}
