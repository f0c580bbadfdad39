/**
 * Online garbage collection: prunes manifest revisions nothing reaches and sweeps blobs nothing
 * references, while clients go on pushing and pulling. Start reading at
 * {@link dev.berth.registry.gc.GarbageCollector}; {@code GcRun} is one mark-prune-sweep pass, and
 * the push side of the handshake that makes it safe is
 * {@link dev.berth.registry.content.DeletionGuard}. {@code GcLease} keeps collectors of one store
 * from running at once, and {@code GcReserve} keeps room for their writes on a full disk.
 */
package dev.berth.registry.gc;
