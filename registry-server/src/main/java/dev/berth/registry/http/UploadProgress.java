package dev.berth.registry.http;

import dev.berth.registry.content.UploadStatus;

/**
 * The headers that name an upload session and the bytes it holds: on a progress answer, and on a
 * chunk out of order (416), so the client resumes from there.
 */
public final class UploadProgress {
    private UploadProgress() {}

    public static Response describe(Response r, UploadStatus upload) {
        return r.header("Location", "/v2/" + upload.repository() + "/blobs/uploads/" + upload.id())
                .header("Range", UploadRange.of(upload.size()))
                .header("Docker-Upload-UUID", upload.id());
    }
}
