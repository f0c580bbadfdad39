package dev.berth.storage.s3;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StoragePath;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Appends to one upload. Holds at most one part in memory: whenever the upload's bytes not yet in a
 * part reach a full part, that part is sent, so a client's chunks of any size become parts of the
 * size S3 wants.
 *
 * <p>The bytes an earlier writer left short of a part stay in S3 as pieces (see
 * {@link UploadState}) and are fetched only when this writer fills the part they begin. On
 * {@link #close()} the bytes still short of a part become one more piece, then the new state is
 * written: that write is the commit. Parts this writer sent are referenced by nothing before it, so
 * {@link #abandon()} just forgets them (the next writer overwrites them, completion ignores them).
 */
final class S3UploadWriter implements AppendWriter {

    /** More pieces than this are merged into one on close, which bounds the reads a part needs. */
    static final int MAX_PIECES = 16;

    private final UploadStore store;
    private final StoragePath path;
    private final UploadState committed;
    private final List<UploadState.Part> newParts = new ArrayList<>();
    private final PartBuffer buffer = new PartBuffer();
    private List<UploadState.Piece> pieces;
    private long piecesSize;
    private String uploadId;
    private long size;
    private boolean released;

    S3UploadWriter(UploadStore store, StoragePath path, UploadState committed) {
        this.store = store;
        this.path = path;
        this.committed = committed;
        this.pieces = committed.pieces();
        this.piecesSize = committed.piecesSize();
        this.uploadId = committed.uploadId();
        this.size = committed.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void write(ByteBuffer bytes) {
        if (released) {
            throw new IllegalStateException("writer of upload " + path + " already released");
        }
        while (bytes.hasRemaining()) {
            int number = committed.parts().size() + newParts.size() + 1;
            long partSize = PartSizes.size(committed.partSize(), number);
            buffer.limitCapacity(partSize);
            long room = partSize - piecesSize - buffer.size();
            if (bytes.remaining() < room) {
                size += bytes.remaining();
                buffer.append(bytes, bytes.remaining());
                return;
            }
            PartSizes.checkFullPart(number, size + bytes.remaining());
            loadPieces();
            size += room;
            buffer.append(bytes, (int) room);
            sendPart(number);
        }
    }

    /** Moves the earlier writers' pieces into the buffer, in front of this writer's bytes. */
    private void loadPieces() {
        if (!pieces.isEmpty()) {
            List<UploadState.Piece> loading = pieces;
            buffer.prepend((int) piecesSize,
                    (array, offset) -> store.readPieces(path, loading, array, offset));
            pieces = List.of();
            piecesSize = 0;
        }
    }

    private void sendPart(int number) {
        if (uploadId == null) {
            uploadId = store.createMultipart(path);
        }
        String eTag;
        try {
            eTag = store.uploadPart(path, uploadId, number, buffer);
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e) && uploadId.equals(committed.uploadId())) {
                String lost = uploadId;
                throw store.lost(path, now -> lost.equals(now.uploadId()), "multipart upload " + lost);
            }
            throw S3Errors.failure("cannot upload part " + number + " of " + path, e);
        }
        newParts.add(new UploadState.Part(number, eTag, buffer.size()));
        buffer.clear();
    }

    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            if (size == committed.size()) {
                return;
            }
            List<UploadState.Piece> next = new ArrayList<>(pieces);
            if (buffer.size() > 0) {
                if (next.size() >= MAX_PIECES) {
                    loadPieces();
                    next.clear();
                }
                String name = S3Keys.newPieceName();
                store.writePiece(path, name, buffer);
                next.add(new UploadState.Piece(name, buffer.size()));
            }
            store.save(path, committed.with(uploadId, newParts, next, size));
            List<UploadState.Piece> obsolete = new ArrayList<>(committed.pieces());
            obsolete.removeAll(next);
            store.deletePiecesQuietly(path, obsolete);
        } finally {
            buffer.release();
        }
    }

    @Override
    public void abandon() {
        if (released) {
            return;
        }
        released = true;
        buffer.release();
        if (committed.uploadId() == null && uploadId != null) {
            // Begun by this writer and known to no state: nobody else can ever finish it.
            store.abortMultipartQuietly(path, uploadId);
        }
    }
}
