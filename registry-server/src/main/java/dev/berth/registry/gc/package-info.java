/**
 * Online garbage collection: prunes manifest revisions nothing reaches and sweeps blobs nothing
 * references, while clients go on pushing and pulling. Start reading at
 * {@link dev.berth.registry.gc.GarbageCollector}; {@code GcRun} is one mark-prune-sweep pass, and
 * the push side of the handshake that makes it safe is
 * {@link dev.berth.registry.content.DeletionGuard}. {@code GcLease} keeps collectors of one store
 * from running at once. The collector reaches storage only through the registry: its lease, the
 * record of its last run and the room for its writes on a full disk are
 * {@link dev.berth.registry.content.CollectorStore}'s.
 */
package dev.berth.registry.gc;
