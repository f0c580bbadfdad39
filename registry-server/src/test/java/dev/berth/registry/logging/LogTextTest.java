package dev.berth.registry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void lineBreaksAndControlCharactersBecomeVisibleEscapes() {
        assertThat(LogText.escape("a\nb\rc\td")).isEqualTo("a\\nb\\rc\\td");
        assertThat(LogText.escape("\u001b[31mred\u0000")).isEqualTo("\\u001b[31mred\\u0000");
        assertThat(LogText.escape("x\u2028y\u202ez\u0085")).isEqualTo("x\\u2028y\\u202ez\\u0085");
    }

    @Test
    void backslashIsEscapedSoTheResultReadsBackUnambiguously() {
        assertThat(LogText.escape("a\\nb")).isEqualTo("a\\\\nb");
    }

    @Test
    void printableTextIsKeptAndNullStaysNull() {
        assertThat(LogText.escape("/v2/team/app/manifests/v1 ünïcode")).isEqualTo("/v2/team/app/manifests/v1 ünïcode");
        assertThat(LogText.escape(null)).isNull();
    }

    @Test
    void longTextIsCut() {
        String escaped = LogText.escape("x".repeat(LogText.MAX_CHARS + 10));
        assertThat(escaped).startsWith("x".repeat(LogText.MAX_CHARS)).endsWith("…(10 more)");
    }
}
