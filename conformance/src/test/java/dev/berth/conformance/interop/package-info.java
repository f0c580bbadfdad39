/**
 * Interop tests: real clients (skopeo, podman) against the real {@code berth.jar} in a child process.
 *
 * <p>Start reading at {@link dev.berth.conformance.interop.BerthProcess}, which runs the jar on a free
 * loopback port with fresh storage and parses its access log, and {@link
 * dev.berth.conformance.interop.Tools}, which finds the clients (skipping, or failing when
 * {@code CI=true}, where they are missing) and gives each test a {@link
 * dev.berth.conformance.interop.ClientSandbox}: private image storage, auth file, registries.conf and
 * blob-info cache, so that nothing one test pushes or learns leaks into another.
 *
 * <p>The classes end in {@code IT}: maven-failsafe runs them after {@code package}, once the jar exists.
 * Images are built locally (FROM scratch, or an OCI layout written by {@link
 * dev.berth.conformance.interop.OciLayoutWriter}); no test reaches a public registry.
 */
package dev.berth.conformance.interop;
