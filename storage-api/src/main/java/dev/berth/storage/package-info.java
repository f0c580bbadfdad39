/**
 * Berth's storage SPI: a small S3-like object store that knows nothing about OCI.
 *
 * <p>Start reading at {@link dev.berth.storage.Storage}, whose resumable uploads are reached through
 * an {@link dev.berth.storage.Upload} handle and written by an
 * {@link dev.berth.storage.AppendWriter}; paths are
 * {@link dev.berth.storage.StoragePath} values that cannot escape the store's root. Every driver
 * passes the contract kit {@code StorageContract} from this module's test-jar, and registers a
 * {@link dev.berth.storage.StorageFactory} under {@code META-INF/services} so the server finds it by
 * location scheme. {@code memory} holds an in-memory driver for tests.
 */
package dev.berth.storage;
