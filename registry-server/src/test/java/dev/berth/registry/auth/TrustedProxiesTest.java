package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.0.2.10", "fd00::/8"));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(TrustedProxies.NONE.clientAddress("198.51.100.7", List.of("203.0.113.1")))
                .isEqualTo("198.51.100.7");
        assertThat(TrustedProxies.of(List.of()).clientAddress("10.1.2.3", List.of("203.0.113.1")))
                .isEqualTo("10.1.2.3");
    }

    @Test
    void anUntrustedPeersHeaderIsIgnored() {
        assertThat(proxies.clientAddress("198.51.100.7", List.of("203.0.113.1")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void aTrustedProxyNamesTheClientAndTrustedHopsAreSkippedFromTheRight() {
        assertThat(proxies.clientAddress("10.1.2.3", List.of("203.0.113.1"))).isEqualTo("203.0.113.1");
        assertThat(proxies.clientAddress("192.0.2.10", List.of("203.0.113.1, 10.9.9.9")))
                .isEqualTo("203.0.113.1");
        assertThat(proxies.clientAddress("10.1.2.3", List.of("203.0.113.1", "10.9.9.9")))
                .isEqualTo("203.0.113.1");
        assertThat(proxies.clientAddress("fd12::1", List.of("2001:db8::5"))).isEqualTo("2001:db8:0:0:0:0:0:5");
    }

    @Test
    void whatAClientWroteLeftOfTheFirstUntrustedHopIsIgnored() {
        assertThat(proxies.clientAddress("10.1.2.3", List.of("1.2.3.4, 203.0.113.1")))
                .isEqualTo("203.0.113.1");
    }

    @Test
    void aHopThatIsNotAnAddressEndsTheWalkAtTheLastTrustedOne() {
        assertThat(proxies.clientAddress("10.1.2.3", List.of("evil.example"))).isEqualTo("10.1.2.3");
        assertThat(proxies.clientAddress("10.1.2.3", List.of("203.0.113.1, unknown")))
                .isEqualTo("10.1.2.3");
        assertThat(proxies.clientAddress("10.1.2.3", List.of("999.1.1.1"))).isEqualTo("10.1.2.3");
    }

    @Test
    void configuredEntriesMustBeAddressesOrRanges() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.example")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.trusted-proxies");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/x"))).isInstanceOf(ConfigException.class);
    }
}
