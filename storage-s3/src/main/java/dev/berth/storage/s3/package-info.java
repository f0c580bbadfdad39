/**
 * The S3 storage driver: Berth's {@link dev.berth.storage.Storage} on an S3 bucket (AWS S3, MinIO,
 * Ceph RGW, R2...), which several servers may share.
 *
 * <p>Start reading at {@link dev.berth.storage.s3.S3Storage}, built from a
 * {@link dev.berth.storage.s3.S3StorageConfig}; the server reaches it through
 * {@link dev.berth.storage.s3.S3StorageFactory}, whose {@code S3Settings} reads the {@code s3.*}
 * keys. {@code S3Keys} draws the key layout; {@code S3Upload} is the SPI's upload handle, and
 * {@code S3Uploads}, which does its work, explains how uploads become multipart uploads whose state
 * ({@code UploadState}) lives in the bucket, {@code S3UploadWriter} how chunks of any size become
 * parts, and {@code PartSizes} how the 10,000-part limit is handled. Writers on several servers
 * are kept apart by conditional state writes ({@code UploadStore#commit}, {@code ConditionalWrites})
 * or, where the service has none, by {@code WriterIntents}; {@code PartReservations} hands the part
 * number a writer reserved with its commit to the next writer of this process; {@code OrphanPurge} removes what killed
 * writers left behind. {@code DirectoryLister} turns S3's key-ordered listings into the SPI's
 * name-ordered pages, and {@code ObjectCopier} copies inside S3, in ranges above 5 GiB.
 */
package dev.berth.storage.s3;
