package dev.berth.storage.s3;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an upload holds, as committed by the last writer that closed: the object at
 * {@code ~uploads/<path>/~/state}. Writing it is the commit point of
 * {@link S3UploadWriter#close()}, so whatever a server reads here, it can continue from.
 *
 * <pre>
 * {"version":1, "partSize":16777216, "uploadId":"…", "size":20971527, "reserved":2, "writer":"…",
 *  "parts":[{"number":1,"eTag":"\"…\"","size":16777216}],
 *  "pieces":[{"name":"piece-…","size":4194311}]}
 * </pre>
 *
 * The bytes are the parts in order, then the pieces in order. {@code uploadId} names the S3
 * multipart upload at {@code ~/data}, absent until the first full part; {@code partSize} is the
 * size the upload began with (see {@link PartSizes}), or that of its first part when a client's
 * chunk made that (see {@link S3UploadWriter}), so a server configured differently continues it
 * consistently. Pieces hold the bytes that do not fill a part yet, fewer than one part.
 *
 * <p>{@code reserved} is the highest part number a writer has claimed (by writing this object)
 * before sending that part. A writer sends a part only under a number it claimed, and later writers
 * begin above it, so two writers never send the same part number, even when one of them outlives
 * the other's claim (see {@link S3UploadWriter}). Numbers a writer claimed but never committed are
 * skipped: the committed parts ascend, not always by one. {@code writer} is a random id of the
 * writer that wrote this version, so that no two writers ever write the same bytes: one whose
 * retried request fails its condition against its own first attempt can tell.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UploadState(
        int version,
        long partSize,
        String uploadId,
        long size,
        int reserved,
        String writer,
        List<Part> parts,
        List<Piece> pieces) {

    static final int VERSION = 1;

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A full part of the multipart upload. */
    record Part(int number, String eTag, long size) {}

    /** Bytes kept in their own object, by name below the upload's prefix. */
    record Piece(String name, long size) {}

    UploadState {
        parts = List.copyOf(parts == null ? List.of() : parts);
        pieces = List.copyOf(pieces == null ? List.of() : pieces);
    }

    static UploadState empty(long partSize) {
        return new UploadState(VERSION, partSize, null, 0, 0, null, List.of(), List.of());
    }

    /** The number the next full part takes: above every committed or claimed one. */
    int nextPartNumber() {
        int last = parts.isEmpty() ? 0 : parts.get(parts.size() - 1).number();
        return Math.max(last, reserved) + 1;
    }

    /** This state, with part {@code number} of multipart upload {@code uploadId} claimed by {@code writer}. */
    UploadState reserve(String uploadId, int number, String writer) {
        return new UploadState(VERSION, partSize, uploadId, size, Math.max(reserved, number), writer, parts, pieces);
    }

    /** This state with parts beginning at {@code size} bytes, which its first part must have. */
    UploadState withPartSize(long size) {
        if (size == partSize) {
            return this;
        }
        if (!parts.isEmpty() && parts.get(0).size() != size) {
            throw new IllegalStateException("the part size of an upload is set by its first part");
        }
        return new UploadState(VERSION, size, uploadId, this.size, reserved, writer, parts, pieces);
    }

    long piecesSize() {
        return pieces.stream().mapToLong(Piece::size).sum();
    }

    UploadState with(String uploadId, List<Part> newParts, List<Piece> pieces, long size, String writer) {
        List<Part> all = new ArrayList<>(parts);
        all.addAll(newParts);
        int claimed = all.isEmpty()
                ? reserved
                : Math.max(reserved, all.get(all.size() - 1).number());
        return new UploadState(VERSION, partSize, uploadId, size, claimed, writer, all, pieces);
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new StorageException("cannot encode upload state", e);
        }
    }

    /** Parses and checks a state object; {@code what} names it in errors. */
    static UploadState fromJson(byte[] json, String what) {
        UploadState state;
        try {
            state = JSON.readValue(json, UploadState.class);
        } catch (IOException e) {
            throw new StorageException("corrupt upload state " + what, e);
        }
        state.check(what);
        return state;
    }

    private void check(String what) {
        long total = piecesSize();
        int previous = 0;
        for (Part part : parts) {
            if (part.number() <= previous || part.number() >= PartSizes.MAX_PARTS || part.eTag() == null) {
                throw new StorageException("corrupt upload state " + what + ": part " + part);
            }
            previous = part.number();
            total += part.size();
        }
        if (version != VERSION
                || total != size
                || (uploadId == null && !parts.isEmpty())
                || partSize < S3StorageConfig.MIN_PART_SIZE
                || reserved < 0
                || piecesSize() >= PartSizes.size(partSize, nextPartNumber())) {
            throw new StorageException("corrupt or unknown upload state " + what);
        }
    }
}
