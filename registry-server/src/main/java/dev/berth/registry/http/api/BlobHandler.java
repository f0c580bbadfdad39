package dev.berth.registry.http.api;

import dev.berth.registry.content.BlobContent;
import dev.berth.registry.content.BlobStore;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.Response;
import dev.berth.registry.model.Digest;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code /v2/<name>/blobs/<digest>}: GET and HEAD with ranges, DELETE of the repository's link. */
final class BlobHandler {
    private static final String OCTETS = "application/octet-stream";
    private final BlobStore blobs;

    BlobHandler(BlobStore blobs) {
        this.blobs = blobs;
    }

    Response get(Exchange x) {
        Digest digest = Digest.parse(x.parameter());
        // A HEAD usually comes from a pusher deciding whether to skip an upload: claim the blob.
        BlobContent blob = (x.isHead() ? blobs.claim(x.repository(), digest) : blobs.find(x.repository(), digest))
                .orElseThrow(() -> unknown(digest));
        String etag = "\"" + digest + "\"";
        if (etag.equals(x.header("If-None-Match"))) {
            return Response.of(HttpResponseStatus.NOT_MODIFIED)
                    .header("ETag", etag)
                    .header("Docker-Content-Digest", digest);
        }
        if (!x.isHead()) {
            var redirect = blob.redirect();
            if (redirect.isPresent()) {
                return Response.of(HttpResponseStatus.TEMPORARY_REDIRECT)
                        .header("Location", redirect.get())
                        .header("Docker-Content-Digest", digest);
            }
        }
        Response r;
        ByteRange.Outcome range = ByteRange.parse(x.header("Range"), blob.size());
        if (range instanceof ByteRange.Unsatisfiable) {
            r = ErrorResponses.of(
                            ErrorCode.RANGE_NOT_SATISFIABLE,
                            "range not satisfiable for " + blob.size() + " bytes",
                            null)
                    .header("Content-Range", "bytes */" + blob.size());
        } else if (range instanceof ByteRange.Partial partial) {
            ByteRange br = partial.range();
            r = Response.of(HttpResponseStatus.PARTIAL_CONTENT)
                    .header("Content-Range", "bytes " + br.first() + "-" + br.last() + "/" + blob.size())
                    .body(new Response.Blob(blob, br.first(), br.length(), OCTETS));
        } else {
            r = Response.of(HttpResponseStatus.OK).body(new Response.Blob(blob, 0, blob.size(), OCTETS));
        }
        return r.header("Docker-Content-Digest", digest).header("ETag", etag).header("Accept-Ranges", "bytes");
    }

    Response delete(Exchange x) {
        Digest digest = Digest.parse(x.parameter());
        if (!blobs.unlink(x.repository(), digest)) {
            throw unknown(digest);
        }
        return Response.of(HttpResponseStatus.ACCEPTED).header("Docker-Content-Digest", digest);
    }

    private static RegistryException unknown(Digest digest) {
        return new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob unknown to repository", digest.toString());
    }
}
