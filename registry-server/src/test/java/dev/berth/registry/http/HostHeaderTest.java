package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostHeaderTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "registry.example.com",
                "registry.example.com:5000",
                "localhost:0",
                "127.0.0.1:65535",
                "[::1]:5000",
                "[2001:db8::7]",
                "registry_1:5000",
                "REGISTRY"
            })
    void plainHostsAndPortsPass(String host) {
        assertThat(HostHeader.isValid(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "evil.example\"",
                "evil.example\",service=\"x",
                "a b",
                "a,b",
                "evil.example/x",
                "user@evil.example",
                "evil.example:65536",
                "evil.example:",
                "evil.example:x",
                "[::1",
                "[::1]x",
                "-x",
                "evil\u0000.example",
                "evil\u001b.example",
                "evil.example\r\nX: y"
            })
    void anythingElseIsRefused(String host) {
        assertThat(HostHeader.isValid(host)).isFalse();
    }
}
