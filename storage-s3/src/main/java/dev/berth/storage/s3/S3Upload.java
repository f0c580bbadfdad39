package dev.berth.storage.s3;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
import java.util.Optional;
import java.util.OptionalLong;

/** The handle on one upload of an {@link S3Storage}; {@link S3Uploads} does the work. */
record S3Upload(S3Uploads uploads, StoragePath path) implements Upload {

    @Override
    public OptionalLong size() {
        return uploads.size(path);
    }

    @Override
    public AppendWriter writer() {
        return uploads.open(path);
    }

    @Override
    public Optional<AppendWriter> existingWriter() {
        return uploads.openExisting(path);
    }

    @Override
    public void complete(StoragePath target) {
        uploads.complete(path, target);
    }

    @Override
    public boolean cancel() {
        return uploads.abort(path);
    }
}
