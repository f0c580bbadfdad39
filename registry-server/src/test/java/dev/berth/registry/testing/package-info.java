/**
 * Helpers shared by tests of several packages: {@link dev.berth.registry.testing.Tmpfs} mounts a
 * small real filesystem, to fill it up or make it read-only; {@code ForwardingStorage} is the base
 * of store wrappers that change one behaviour (time stamps, refused writes, a full disk) or count
 * the calls ({@code CountingStorage}); {@code TestClient} sends plain HTTP requests to a running
 * server and pushes a small image; {@code LocalServer} serves the API on a loopback port, over
 * HTTPS too; {@code TestCa} makes certificate authorities and the certificates they issue.
 */
package dev.berth.registry.testing;
