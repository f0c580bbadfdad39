package dev.berth.registry.http.api;

import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.Principal;
import dev.berth.registry.content.Mounts;
import dev.berth.registry.content.PullRights;
import dev.berth.registry.content.UploadStatus;
import dev.berth.registry.content.Uploads;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.Response;
import dev.berth.registry.http.UploadProgress;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.UploadId;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/**
 * {@code /v2/<name>/blobs/uploads/…}: starting uploads (plain, single-request, or by mounting),
 * appending chunks, finishing, status and cancelling.
 */
final class UploadHandler {
    /** Filesystem uploads take chunks of any size; the header still tells clients so. */
    static final long CHUNK_MIN_LENGTH = 1;

    private final Uploads uploads;
    private final Mounts mounts;

    UploadHandler(Uploads uploads, Mounts mounts) {
        this.uploads = uploads;
        this.mounts = mounts;
    }

    Response start(Exchange x) {
        RepositoryName repository = x.repository();
        Optional<String> mount = x.query("mount");
        if (mount.isPresent()) {
            Digest digest = Digest.parse(mount.get());
            Optional<RepositoryName> from = x.query("from").map(RepositoryName::new);
            if (mounts.mount(repository, digest, from, pullRights(x.principal()))) {
                return created(repository, digest);
            }
        }
        Optional<String> digest = x.query("digest");
        if (digest.isPresent() && mount.isEmpty()) {
            Digest expected = Digest.parse(digest.get());
            return created(repository, uploads.putWhole(repository, expected, x.body()));
        }
        DigestAlgorithm algorithm = x.query("digest-algorithm")
                .map(id -> DigestAlgorithm.byId(id)
                        .orElseThrow(() ->
                                new RegistryException(ErrorCode.DIGEST_INVALID, "unsupported digest algorithm", id)))
                .orElse(DigestAlgorithm.SHA256);
        UploadStatus status = uploads.start(repository, algorithm);
        return progress(HttpResponseStatus.ACCEPTED, status).header("OCI-Chunk-Min-Length", CHUNK_MIN_LENGTH);
    }

    Response status(Exchange x) {
        return progress(HttpResponseStatus.NO_CONTENT, uploads.status(x.repository(), id(x)));
    }

    Response patch(Exchange x) {
        Optional<ChunkRange> range = ChunkRange.parse(x.header("Content-Range"));
        checkLength(x, range);
        UploadStatus status = uploads.append(x.repository(), id(x), range.map(ChunkRange::first), x.body());
        return progress(HttpResponseStatus.ACCEPTED, status);
    }

    Response finish(Exchange x) {
        UploadId id = id(x);
        String digestParam = x.query("digest")
                .orElseThrow(() -> new RegistryException(
                        ErrorCode.DIGEST_INVALID, "digest query parameter required to finish an upload"));
        Digest expected = Digest.parse(digestParam);
        Optional<ChunkRange> range = ChunkRange.parse(x.header("Content-Range"));
        checkLength(x, range);
        Digest digest = uploads.complete(x.repository(), id, expected, range.map(ChunkRange::first), x.body());
        return created(x.repository(), digest);
    }

    Response cancel(Exchange x) {
        uploads.cancel(x.repository(), id(x));
        return Response.of(HttpResponseStatus.NO_CONTENT);
    }

    /** The repositories a mount may take a blob from for this caller; a refused mount becomes a plain upload. */
    private static PullRights pullRights(Principal principal) {
        return new PullRights(
                repository -> principal.may(Access.REPOSITORY, repository.value(), Access.PULL),
                principal.unrestricted());
    }

    private static UploadId id(Exchange x) {
        return new UploadId(x.parameter());
    }

    /** A declared chunk range must agree with the body length before a byte is written. */
    private static void checkLength(Exchange x, Optional<ChunkRange> range) {
        String header = x.header("Content-Length");
        if (header == null || range.isEmpty()) {
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new RegistryException(ErrorCode.SIZE_INVALID, "malformed Content-Length", header);
        }
        if (declared != range.get().length()) {
            throw new RegistryException(
                    ErrorCode.SIZE_INVALID,
                    "Content-Length " + declared + " does not match Content-Range "
                            + range.get().first() + "-" + range.get().last());
        }
    }

    private static Response created(RepositoryName repository, Digest digest) {
        return Response.of(HttpResponseStatus.CREATED)
                .header("Location", "/v2/" + repository + "/blobs/" + digest)
                .header("Docker-Content-Digest", digest);
    }

    private static Response progress(HttpResponseStatus status, UploadStatus upload) {
        return UploadProgress.describe(Response.of(status), upload);
    }
}
