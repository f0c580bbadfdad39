package dev.berth.registry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.Storages;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.testing.ForwardingStorage;
import dev.berth.storage.AppendWriter;
import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.memory.InMemoryStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeteredStorageTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryStorage memory = new InMemoryStorage();
    private final Storage storage = MeteredStorage.wrap(memory, "memory", meters);

    private long count(String operation, String outcome) {
        var timer = meters.find(Metrics.STORAGE_OPERATIONS)
                .tags("driver", "memory", "operation", operation, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void successesMissesAndErrorsAreTimedApart() {
        StoragePath path = new StoragePath("a/b");
        storage.put(path, new byte[] {1});
        assertThat(storage.readAll(path)).containsExactly(1);
        assertThatThrownBy(() -> storage.read(new StoragePath("missing"), 0))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> storage.move(new StoragePath("missing"), path))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> storage.list(new StoragePath("a"), null, 0))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(count("put", "success")).isEqualTo(1);
        assertThat(count("read_all", "success")).isEqualTo(1);
        assertThat(count("read", "not_found")).isEqualTo(1);
        assertThat(count("move", "not_found")).isEqualTo(1);
        assertThat(count("list", "error")).isEqualTo(1);
        assertThat(count("read", "success")).isZero();
        assertThat(meters.find(Metrics.STORAGE_OPERATIONS)
                        .tags("operation", "delete")
                        .timer())
                .as("no series before the first call")
                .isNull();
    }

    @Test
    void anUploadsCallsAreEachTimed() {
        StoragePath path = new StoragePath("uploads/u");
        AppendWriter writer = storage.upload(path).writer();
        writer.write(ByteBuffer.wrap(new byte[] {1, 2}));
        writer.write(ByteBuffer.wrap(new byte[] {3}));
        writer.close();
        assertThat(storage.upload(path).size()).hasValue(3);
        storage.upload(path).complete(new StoragePath("blobs/x"));
        assertThat(storage.upload(path).cancel()).isFalse();

        assertThat(count("upload_open", "success")).isEqualTo(1);
        assertThat(count("upload_write", "success")).isEqualTo(2);
        assertThat(count("upload_close", "success")).isEqualTo(1);
        assertThat(count("upload_size", "success")).isEqualTo(1);
        assertThat(count("upload_complete", "success")).isEqualTo(1);
        assertThat(count("upload_cancel", "success")).isEqualTo(1);
    }

    @Test
    void theServerTimesItsDriverUnderTheSchemeAndZeroCopyChannelsPassThrough(@TempDir Path dir) throws Exception {
        Storage files = Storages.open(
                new ConfigLoader().set(ConfigKey.STORAGE, dir.toString()).load(), meters);
        StoragePath path = new StoragePath("a/b");
        files.put(path, new byte[] {1});
        Optional<FileChannel> channel = files.openChannel(path);
        assertThat(channel).isPresent();
        channel.get().close();
        files.close();
        assertThat(meters.get(Metrics.STORAGE_OPERATIONS)
                        .tags("driver", "file", "operation", "put", "outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get(Metrics.STORAGE_OPERATIONS)
                        .tags("driver", "file", "operation", "open_channel")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aWalkStoppedByItsVisitorIsNoStorageError() {
        storage.put(new StoragePath("w/1"), new byte[] {1});
        RuntimeException stop = new IllegalStateException("stop");
        assertThatThrownBy(() -> storage.walk(new StoragePath("w"), info -> {
                    throw stop;
                }))
                .isSameAs(stop);
        assertThat(count("walk", "success")).isEqualTo(1);
        assertThat(count("walk", "error")).isZero();

        Storage broken = MeteredStorage.wrap(
                new ForwardingStorage(memory) {
                    @Override
                    public void walk(
                            StoragePath prefix, java.util.function.Consumer<dev.berth.storage.ObjectInfo> visitor) {
                        throw new StorageException("disk gone");
                    }
                },
                "memory",
                meters);
        assertThatThrownBy(() -> broken.walk(new StoragePath("w"), info -> {})).isInstanceOf(StorageException.class);
        assertThat(count("walk", "error")).isEqualTo(1);
    }
}
