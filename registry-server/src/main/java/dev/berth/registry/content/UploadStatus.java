package dev.berth.registry.content;

import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.UploadId;

/** Where an upload session stands: the number of bytes received so far. */
public record UploadStatus(RepositoryName repository, UploadId id, long size) {}
