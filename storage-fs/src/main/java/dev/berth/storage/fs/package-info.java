/**
 * The filesystem {@link dev.berth.storage.Storage} driver: one file per object under a root
 * directory, so blobs can leave through zero-copy file channels.
 *
 * <p>Start reading at {@link dev.berth.storage.fs.FileSystemStorage}, which maps the SPI onto files
 * and explains how each write is made atomic and durable, and {@code FileUploads}, which does the
 * work of the upload handle {@code FileUpload}; {@code FileTree} has the file steps both share; the
 * server finds it through {@link dev.berth.storage.fs.FileSystemStorageFactory} for a directory
 * location. {@code Directories} creates, fsyncs and prunes the directories that stand for prefixes
 * (and those of the hidden uploads folder); {@code FileAppendWriter} appends to an upload's file,
 * and {@code UploadSizes} records how much of it is committed.
 */
package dev.berth.storage.fs;
