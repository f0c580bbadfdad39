package dev.berth.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.storage.StorageFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    @Test
    void missingKeysTakeTheDefaults() {
        S3StorageConfig config = new S3Settings(Map.of()).config("bucket/some/prefix");
        assertThat(config.bucket()).isEqualTo("bucket");
        assertThat(config.prefix()).isEqualTo("some/prefix/");
        assertThat(config.partSize()).isEqualTo(S3StorageConfig.DEFAULT_PART_SIZE);
        assertThat(config.conditionalWrites()).isEqualTo(S3StorageConfig.Toggle.AUTO);
        assertThat(config.chunkedEncoding()).isEqualTo(S3StorageConfig.Toggle.AUTO);
        assertThat(config.presignedRedirect()).isFalse();
        assertThat(config.endpoint()).isNull();
    }

    @Test
    void everyKeyIsRead() {
        S3StorageConfig config = new S3Settings(Map.of(
                        "s3.region",
                        "eu-west-1",
                        "s3.endpoint",
                        "http://127.0.0.1:9000",
                        "s3.path-style",
                        "true",
                        "s3.access-key",
                        "key",
                        "s3.secret-key",
                        "secret",
                        "s3.part-size",
                        "5242880",
                        "s3.redirect",
                        "TRUE",
                        "s3.redirect-expiry",
                        "5m",
                        "s3.conditional-writes",
                        "false",
                        "s3.chunked-encoding",
                        "true"))
                .config("bucket");
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(config.pathStyle()).isTrue();
        assertThat(config.accessKey()).isEqualTo("key");
        assertThat(config.secretKey()).isEqualTo("secret");
        assertThat(config.partSize()).isEqualTo(5L * 1024 * 1024);
        assertThat(config.presignedRedirect()).isTrue();
        assertThat(config.presignExpiry()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.conditionalWrites()).isEqualTo(S3StorageConfig.Toggle.OFF);
        assertThat(config.chunkedEncoding()).isEqualTo(S3StorageConfig.Toggle.ON);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> new S3Settings(Map.of("s3.conditional-writes", "maybe")).config("b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3.conditional-writes");
        assertThatThrownBy(() -> new S3Settings(Map.of("s3.part-size", "big")).config("b"))
                .hasMessageContaining("s3.part-size");
        assertThatThrownBy(
                        () -> new S3Settings(Map.of("s3.redirect", "true", "s3.redirect-expiry", "soon")).config("b"))
                .hasMessageContaining("s3.redirect-expiry");
        assertThatThrownBy(() -> new S3Settings(Map.of("s3.path-style", "true")).config("b"))
                .hasMessageContaining("s3.path-style needs s3.endpoint");
        assertThatThrownBy(() -> new S3Settings(Map.of("s3.regoin", "x"))).hasMessageContaining("s3.regoin");
    }

    @Test
    void serviceLoaderFindsTheDriverForItsScheme() {
        assertThat(ServiceLoader.load(StorageFactory.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .filter(f -> f.scheme().equals("s3"))
                        .findFirst())
                .get()
                .isInstanceOf(S3StorageFactory.class);
        assertThat(new S3StorageFactory()
                        .describe(
                                "bucket/berth",
                                Map.of("s3.endpoint", "http://127.0.0.1:9000", "s3.secret-key", "secret")))
                .isEqualTo("s3://bucket/berth at http://127.0.0.1:9000");
    }
}
