package dev.berth.registry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizesTest {
    @Test
    void binaryAndDecimalUnitsInAnyCaseWithOrWithoutASpace() {
        assertThat(ByteSizes.parse("1048576")).isEqualTo(1L << 20);
        assertThat(ByteSizes.parse("512B")).isEqualTo(512);
        assertThat(ByteSizes.parse("10GiB")).isEqualTo(10L << 30);
        assertThat(ByteSizes.parse("10 gib")).isEqualTo(10L << 30);
        assertThat(ByteSizes.parse("500MB")).isEqualTo(500_000_000L);
        assertThat(ByteSizes.parse("1.5KiB")).isEqualTo(1536);
        assertThat(ByteSizes.parse("2TB")).isEqualTo(2_000_000_000_000L);
        assertThat(ByteSizes.parse("1PiB")).isEqualTo(1L << 50);
    }

    @Test
    void anythingElseIsRefusedNamingIt() {
        for (String bad : new String[] {"", "GiB", "-1", "10 GiBs", "1e9", "10 G", "1,5GB"}) {
            assertThatThrownBy(() -> ByteSizes.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "' is not a size");
        }
        assertThatThrownBy(() -> ByteSizes.parse("9000000PiB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void formattedInWholeUnitsWhenExactElseToATenth() {
        assertThat(ByteSizes.format(512)).isEqualTo("512 B");
        assertThat(ByteSizes.format(10L << 30)).isEqualTo("10 GiB");
        assertThat(ByteSizes.format(100_000)).isEqualTo("100 KB");
        assertThat(ByteSizes.format(1536)).isEqualTo("1.5 KiB");
        assertThat(ByteSizes.format(123_456)).isEqualTo("120.6 KiB");
    }
}
