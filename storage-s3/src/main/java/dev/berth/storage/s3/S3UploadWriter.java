package dev.berth.storage.s3;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StoragePath;
import dev.berth.storage.UploadConflictException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * {@link #abandon()} just forgets them (completion ignores them).
 *
 * <p>The upload's part size follows its client's chunks: when the first part is still to come and a
 * writer closes with at least S3's minimum part size (5 MiB) but less than a part, those bytes
 * become the first part and their size the upload's part size ({@code partSize} in
 * {@link UploadState}). A client sending chunks of one size from 5 MiB up to a part then has each
 * chunk go straight into the multipart upload as one part, never stored as a piece, read back and
 * deleted. Every part but the last keeps one size, as some services (Cloudflare R2) require.
 *
 * <p>Writers on several servers may meet on one upload. Every state write is conditional on the
 * version this writer read or last wrote ({@link UploadStore#commit}), or made under a
 * {@link WriterIntents} marker where the service has no conditional writes, so of writers that
 * began from the same state exactly one commits; the others get an {@link UploadConflictException}
 * and remove what they stored. Before sending a part, a writer claims its number in the state
 * (with the multipart upload, when it began it), so that no two writers ever send the same part
 * number: a loser learns it has lost before it sends any part, and a writer that comes later, even
 * after a writer that died or stalled, begins above every claimed number. A writer claims numbers
 * in growing batches (1, 2, 4, then {@link #MAX_CLAIM} at a time), so a large body costs a few
 * claims, not one per part; numbers claimed and not used are skipped. A writer that sent a part
 * leaves the next number claimed with its commit, for the next writer of this process alone
 * ({@link PartReservations}), which then sends its first parts without a claim of its own.
 */
final class S3UploadWriter implements AppendWriter {

    private static final Logger log = LoggerFactory.getLogger(S3UploadWriter.class);

    /** More pieces than this are merged into one on close, which bounds the reads a part needs. */
    static final int MAX_PIECES = 16;

    /** The most part numbers one claim takes. */
    static final int MAX_CLAIM = 8;

    private final UploadStore store;
    private final StoragePath path;
    private final UploadState committed;
    private final WriterIntents.Guard guard;
    private final PartReservations reservations;
    /** The first part number a writer before this one reserved for it, or 0. */
    private final int handed;
    /** The highest part number this writer may send without claiming more. */
    private int claimedUpTo;
    /** How many numbers this writer's last claim took. */
    private int lastClaim;
    /** The size parts begin with for this upload: the state's, unless this writer set it. */
    private long partBase;

    private final String id = UUID.randomUUID().toString();
    /** The version of the state this writer last read or wrote. */
    private String eTag;
    /** The multipart upload was begun by this writer, and whether a state names it yet. */
    private boolean begunHere;

    private boolean claimed;
    private final List<UploadState.Part> newParts = new ArrayList<>();
    private final PartBuffer buffer = new PartBuffer();
    private List<UploadState.Piece> pieces;
    private long piecesSize;
    private String uploadId;
    private long size;
    private boolean released;

    S3UploadWriter(
            UploadStore store,
            StoragePath path,
            UploadStore.Versioned loaded,
            WriterIntents.Guard guard,
            int handed,
            PartReservations reservations) {
        this.store = store;
        this.path = path;
        this.committed = loaded.state();
        this.eTag = loaded.eTag();
        this.guard = guard;
        this.handed = handed;
        this.claimedUpTo = handed > 0 ? committed.reserved() : 0;
        this.partBase = committed.partSize();
        this.reservations = reservations;
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
        guard.renewIfDue();
        while (bytes.hasRemaining()) {
            int number = nextNumber();
            long partSize = PartSizes.size(partBase, number);
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

    /** The number of the next part this writer sends. */
    private int nextNumber() {
        if (!newParts.isEmpty()) {
            return newParts.get(newParts.size() - 1).number() + 1;
        }
        return handed > 0 ? handed : committed.nextPartNumber();
    }

    /** Moves the earlier writers' pieces into the buffer, in front of this writer's bytes. */
    private void loadPieces() {
        if (!pieces.isEmpty()) {
            List<UploadState.Piece> loading = pieces;
            buffer.prepend((int) piecesSize, (array, offset) -> store.readPieces(path, loading, array, offset));
            pieces = List.of();
            piecesSize = 0;
        }
    }

    private void sendPart(int number) {
        if (uploadId == null) {
            uploadId = store.createMultipart(path);
            begunHere = true;
        }
        if (number > claimedUpTo) {
            int batch = Math.min(MAX_CLAIM, Math.max(1, 2 * lastClaim));
            int upTo = Math.min(number + batch - 1, PartSizes.MAX_PARTS - 1);
            try {
                eTag = store.commit(path, committed.reserve(uploadId, upTo, id), eTag);
            } catch (RuntimeException e) {
                giveUp(null);
                throw e;
            }
            claimed = begunHere;
            claimedUpTo = upTo;
            lastClaim = batch;
        }
        String partETag;
        try {
            partETag = store.uploadPart(path, uploadId, number, buffer);
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e) && uploadId.equals(committed.uploadId())) {
                String lost = uploadId;
                throw store.lost(path, now -> lost.equals(now.uploadId()), "multipart upload " + lost);
            }
            throw S3Errors.failure("cannot upload part " + number + " of " + path, e);
        }
        newParts.add(new UploadState.Part(number, partETag, buffer.size()));
        buffer.clear();
    }

    @Override
    public void close() {
        if (released) {
            return;
        }
        if (size != committed.size()) {
            // A failure here leaves the writer open, for the caller to abandon.
            sendFirstPartAtItsSize();
        }
        released = true;
        try {
            if (size == committed.size()) {
                if (handed > 0) {
                    reservations.put(path, eTag, handed);
                }
                return;
            }
            List<UploadState.Piece> next = new ArrayList<>(pieces);
            String name = null;
            if (buffer.size() > 0) {
                if (next.size() >= MAX_PIECES) {
                    loadPieces();
                    next.clear();
                }
                name = S3Keys.newPieceName();
                store.writePiece(path, name, buffer);
                next.add(new UploadState.Piece(name, buffer.size()));
            }
            int ahead = nextNumber();
            boolean reserveAhead = (handed > 0 || !newParts.isEmpty()) && ahead < PartSizes.MAX_PARTS;
            UploadState state = committed
                    .with(uploadId, newParts, next, size, id)
                    .reserve(uploadId, Math.max(claimedUpTo, reserveAhead ? ahead : 0), id)
                    .withPartSize(partBase);
            try {
                guard.checkAlone();
                eTag = store.commit(path, state, eTag);
            } catch (UploadConflictException e) {
                giveUp(name);
                throw e;
            }
            if (reserveAhead) {
                reservations.put(path, eTag, ahead);
            }
            List<UploadState.Piece> obsolete = new ArrayList<>(committed.pieces());
            obsolete.removeAll(next);
            store.deletePiecesQuietly(path, obsolete);
        } finally {
            buffer.release();
            guard.release();
        }
    }

    /**
     * Sends the upload's bytes as its first part, of their size, when there is no part yet and they
     * reach S3's minimum part size (see the class comment).
     */
    private void sendFirstPartAtItsSize() {
        int number = nextNumber();
        long bytes = piecesSize + buffer.size();
        if (buffer.size() == 0
                || !committed.parts().isEmpty()
                || !newParts.isEmpty()
                || bytes < S3StorageConfig.MIN_PART_SIZE
                || number > PartSizes.PARTS_PER_STEP) {
            return;
        }
        partBase = bytes;
        loadPieces();
        sendPart(number);
    }

    /**
     * After losing to another writer: removes this writer's piece, if any, and the multipart upload
     * it began, unless a state names it (the winner may have continued from this writer's claim).
     */
    private void giveUp(String piece) {
        released = true;
        buffer.release();
        guard.release();
        if (piece != null) {
            store.deletePieceQuietly(path, piece);
        }
        if (begunHere && !claimed) {
            store.abortMultipartQuietly(path, uploadId);
        }
    }

    @Override
    public void abandon() {
        if (released) {
            return;
        }
        released = true;
        buffer.release();
        try {
            if (begunHere && claimed) {
                unclaim();
            } else if (begunHere) {
                // Begun by this writer and known to no state: nobody else can ever finish it.
                store.abortMultipartQuietly(path, uploadId);
            }
        } finally {
            guard.release();
        }
    }

    /**
     * Puts back the state this writer found, without the multipart upload it began and claimed, and
     * aborts that; unless another writer has gone on from the claim, whose the upload then is.
     */
    private void unclaim() {
        try {
            eTag = store.commit(path, committed, eTag);
        } catch (UploadConflictException e) {
            return;
        } catch (RuntimeException e) {
            log.warn(
                    "cannot give back the claim on upload {}; its multipart upload stays until the " + "upload ends",
                    path,
                    e);
            return;
        }
        store.abortMultipartQuietly(path, uploadId);
    }
}
