package dev.berth.registry.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.registry.Storages;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.content.ChunkSource;
import dev.berth.registry.content.Registry;
import dev.berth.registry.content.UploadStatus;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.RepositoryName;
import dev.berth.storage.Storage;
import dev.berth.storage.s3.S3ProxyServer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/** The S3 driver's own upload state, corrupt: logged at WARN with its key, and a chunk for the upload finds it unknown. */
class CorruptUploadStateOnS3Test {
    final RepositoryName repository = new RepositoryName("team/app");

    @Test
    void aCorruptDriverStateIsLoggedWithItsKeyAndTheUploadAnswersUnknown() {
        RegistryConfig config = S3Registry.onNewBucket(new ConfigLoader()).load();
        String bucket =
                config.storage().substring("s3://".length(), config.storage().indexOf('/', 5));
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger("dev.berth.storage.s3");
        appender.start();
        logger.addAppender(appender);
        try (Storage storage = Storages.open(config)) {
            Registry registry = new Registry(storage, Clock.systemUTC());
            UploadStatus upload = registry.uploads().start(repository, DigestAlgorithm.SHA256);
            String key = "berth/~uploads/uploads/" + upload.id().value() + "/data/~/state";
            S3ProxyServer.get()
                    .sharedClient()
                    .putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("{\"version\":1,\"size\":"));

            // The status reads no further than the size, which a corrupt state does not have: the
            // chunk that would change the upload finds it out.
            assertThatThrownBy(() -> registry.uploads().append(repository, upload.id(), Optional.of(0L), oneByte()))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.BLOB_UPLOAD_UNKNOWN));
            assertThat(appender.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains(key);
            });
        } finally {
            logger.detachAppender(appender);
        }
    }

    private static ChunkSource oneByte() {
        return sink -> sink.accept(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {1})});
    }
}
