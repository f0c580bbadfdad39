package dev.berth.storage.fs;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The handle on one upload of a {@link FileSystemStorage}: {@link FileUploads} does the work, and
 * {@code files} gives the file an object path is stored in.
 */
record FileUpload(FileUploads uploads, StoragePath path, Function<StoragePath, Path> files) implements Upload {

    @Override
    public OptionalLong size() {
        return uploads.size(path);
    }

    @Override
    public AppendWriter writer() {
        return uploads.open(path);
    }

    @Override
    public void complete(StoragePath target) {
        uploads.complete(path, files.apply(target));
    }

    @Override
    public boolean cancel() {
        return uploads.abort(path);
    }
}
