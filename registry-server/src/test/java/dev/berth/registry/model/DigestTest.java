package dev.berth.registry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    @Test
    void parsesSha256AndSha512() {
        Digest a = Digest.of(DigestAlgorithm.SHA256, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(Digest.parse(a.toString())).isEqualTo(a);
        Digest b = Digest.of(DigestAlgorithm.SHA512, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(Digest.parse(b.toString()).algorithm()).isEqualTo(DigestAlgorithm.SHA512);
        assertThat(b.hex()).hasSize(128);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "sha256",
                "sha256:",
                "sha256:abc",
                "md5:d41d8cd98f00b204e9800998ecf8427e",
                "sha256:../../../../etc/passwd",
                "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
            })
    void refusesMalformedDigests(String text) {
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code())
                .isEqualTo(ErrorCode.DIGEST_INVALID);
    }
}
