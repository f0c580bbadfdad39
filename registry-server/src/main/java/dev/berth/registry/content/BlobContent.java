package dev.berth.registry.content;

import dev.berth.registry.model.Digest;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.util.Optional;

/** A blob a repository may serve: its size, and ways to read it that never load it whole. */
public final class BlobContent {
    private final Storage storage;
    private final StoragePath path;
    private final Digest digest;
    private final long size;

    BlobContent(Storage storage, StoragePath path, Digest digest, long size) {
        this.storage = storage;
        this.path = path;
        this.digest = digest;
        this.size = size;
    }

    public Digest digest() {
        return digest;
    }

    public long size() {
        return size;
    }

    /** A file channel for zero-copy sending, where the storage driver keeps local files. */
    public Optional<FileChannel> channel() {
        return storage.openChannel(path);
    }

    /** A URL the client may fetch the blob from directly, when storage offers one (S3 redirects). */
    public Optional<URI> redirect() {
        return storage.presignedGet(path);
    }

    public InputStream stream(long offset) {
        return storage.read(path, offset);
    }
}
