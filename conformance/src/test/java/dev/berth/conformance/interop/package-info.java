/**
 * Interop tests: real clients (skopeo, podman, docker) against the real {@code berth.jar} in a child process.
 *
 * <p>Start reading at {@link dev.berth.conformance.interop.BerthProcess}, which runs the jar on a free
 * loopback port with fresh storage (a directory, or with {@code -Dberth.storage=s3} a bucket on S3Proxy in
 * the test JVM: {@link dev.berth.conformance.interop.BerthStorage}) and parses its access log, and {@link
 * dev.berth.conformance.interop.Tools}, which finds the clients (skipping, or failing when
 * {@code CI=true}, where they are missing) and gives each test a {@link
 * dev.berth.conformance.interop.ClientSandbox}: private image storage, auth file, registries.conf and
 * blob-info cache, so that nothing one test pushes or learns leaks into another.
 *
 * <p>In token mode ({@link dev.berth.conformance.interop.BerthAuth}: users file by {@code berth user add},
 * policy, signing key) {@code TokenLoginIT} logs podman and skopeo in, and {@code DockerInteropIT}
 * drives docker through a private daemon ({@link dev.berth.conformance.interop.DockerDaemon});
 * {@code RepositoryRulesDockerIT} shows docker users the refusals of immutable tags and quotas.
 *
 * <p>Over HTTPS ({@link dev.berth.conformance.interop.BerthTls}: a test authority, the server's chain and
 * key, client certificates; {@link dev.berth.conformance.interop.BerthProcess#startHttps}) {@code
 * TlsInteropIT} drives skopeo and podman with {@code --cert-dir} and docker with {@code certs.d}
 * ({@link dev.berth.conformance.interop.DockerCertsDir}), reaching the server under a name outside
 * 127.0.0.0/8 through a {@link dev.berth.conformance.interop.ConnectProxy}, since docker verifies no
 * certificate of a loopback registry; {@code MutualTlsIT} and {@code TlsRotationIT} add client
 * certificates and a certificate replaced during a download.
 *
 * <p>{@code ContainerImageIT} builds and runs the repository's Dockerfile in such a daemon, on base images
 * made from Debian packages ({@link dev.berth.conformance.interop.DebianBaseImage}); {@code ComposeFileIT}
 * checks {@code docker-compose.yml}.
 *
 * <p>The classes end in {@code IT}: maven-failsafe runs them after {@code package}, once the jar exists.
 * Images are built locally (FROM scratch, or an OCI layout written by {@link
 * dev.berth.conformance.interop.OciLayoutWriter}); no test reaches a public registry.
 */
package dev.berth.conformance.interop;
