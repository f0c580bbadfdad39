package dev.berth.storage.s3;

import dev.berth.storage.StorageException;

/**
 * How big each part of an upload is, within S3's limits: parts 1 to 10,000, every part but the last
 * between 5 MiB and 5 GiB.
 *
 * <p>Policy for the 10,000-part limit: the part size grows. The first 1,000 parts have the
 * configured size, each next 1,000 twice the size of the one before, up to 1 GiB (a part is held in
 * one byte array). With the default 16 MiB that keeps 16 MiB parts, and 16 MiB of memory per
 * upload, up to 15.6 GiB, and puts the limit at about S3's 5 TiB object size (3.2 TiB from the
 * 5 MiB minimum). Full parts take numbers up to 9,999 so that the tail can always be the last part;
 * an upload that would need more is refused with a {@link StorageException} naming the limit,
 * before any part beyond it is sent.
 */
final class PartSizes {

    static final int MAX_PARTS = 10_000;
    static final int PARTS_PER_STEP = 1_000;

    private PartSizes() {}

    /** Size of full part {@code number} (from 1) of an upload begun with {@code base}-byte parts. */
    static long size(long base, int number) {
        int step = (number - 1) / PARTS_PER_STEP;
        long size = base;
        for (int i = 0; i < step && size < S3StorageConfig.MAX_PART_SIZE; i++) {
            size *= 2;
        }
        return Math.min(size, S3StorageConfig.MAX_PART_SIZE);
    }

    /** Refuses a full part {@code number} that would leave no room for the last part. */
    static void checkFullPart(int number, long uploadSize) {
        if (number >= MAX_PARTS) {
            throw new StorageException("upload of " + uploadSize + " bytes exceeds S3's limit of " + MAX_PARTS
                    + " parts per multipart upload");
        }
    }
}
