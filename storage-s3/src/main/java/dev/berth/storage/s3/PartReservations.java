package dev.berth.storage.s3;

import dev.berth.storage.StoragePath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part number each upload's last writer in this process reserved for the next one, so that a
 * chunk after a chunk costs no reservation of its own (see {@link S3UploadWriter}).
 *
 * <p>A writer that sent a part reserves the next number in the same state write that commits it
 * ({@code reserved} in {@link UploadState}); writers of other processes begin above it, as above any
 * reservation. The numbers from it up to {@code reserved} are for one writer alone: the next writer
 * of this process that opens the upload at exactly the version that write produced takes them (and
 * only it, the entry is used up). If any other writer changed the state meanwhile, the entry does
 * not match and is dropped, and the numbers are skipped. Entries are a few bytes; beyond
 * {@link #CAPACITY} uploads the oldest go, which costs those uploads one claim each.
 */
final class PartReservations {

    static final int CAPACITY = 10_000;

    private record Reservation(String stateETag, int number) {}

    private final Map<StoragePath, Reservation> byPath = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StoragePath, Reservation> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Records that the state version {@code stateETag} of the upload reserves {@code number}. */
    synchronized void put(StoragePath path, String stateETag, int number) {
        byPath.put(path, new Reservation(stateETag, number));
    }

    /**
     * The first of the numbers (up to the state's {@code reserved}) reserved for a writer that opened
     * the upload at version {@code stateETag} of state {@code state}, or 0; the entry is used up
     * either way.
     */
    synchronized int take(StoragePath path, String stateETag, UploadState state) {
        Reservation r = byPath.remove(path);
        if (r == null || stateETag == null || !r.stateETag().equals(stateETag) || r.number() > state.reserved()) {
            return 0;
        }
        return r.number();
    }

    synchronized void forget(StoragePath path) {
        byPath.remove(path);
    }
}
