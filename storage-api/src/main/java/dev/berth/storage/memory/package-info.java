/**
 * An in-memory {@link dev.berth.storage.Storage} for unit tests of code above the SPI.
 *
 * <p>Start reading at {@link dev.berth.storage.memory.InMemoryStorage}, which also keeps the uploads
 * that {@code MemoryUpload} handles and {@code MemoryAppendWriter} appends to. It passes the same contract
 * kit as the real drivers and is as strict as the filesystem driver about paths that would be both
 * an object and a prefix, so layout mistakes show up in unit tests rather than in production.
 */
package dev.berth.storage.memory;
