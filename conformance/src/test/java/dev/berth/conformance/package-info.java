/**
 * A black-box OCI distribution-spec conformance suite: every test speaks plain HTTP to a registry.
 *
 * <p>Start reading at {@link dev.berth.conformance.RegistryTarget}, which picks the registry under test
 * (an in-process Berth server, or any registry given by {@code -Dregistry.url=http://HOST:PORT}), and
 * {@link dev.berth.conformance.RegistryTest}, the base of every test class. The in-process server stores
 * in a temporary directory, or with {@code -Dregistry.storage=s3} in a bucket on S3Proxy started in the
 * test JVM (Maven runs the suite both ways); {@link dev.berth.conformance.StorageView} lets a test look
 * at either past the server. With {@code -Dregistry.auth=token} the server runs in token mode and the
 * client signs in and fetches tokens as docker does ({@link dev.berth.conformance.ClientAuth}); Maven runs
 * the suite that way too. The {@code auth} package tests auth itself. {@link
 * dev.berth.conformance.RegistryClient} sends requests exactly as written and {@link
 * dev.berth.conformance.Check} turns answers into assertions that print the whole exchange.
 *
 * <p>The spec's four workflow categories each have a class ({@code PullWorkflowTest},
 * {@code PushWorkflowTest}, {@code ContentDiscoveryWorkflowTest}, {@code ContentManagementWorkflowTest});
 * the other classes pin down one area each (uploads, mounts, blob reads, manifest pushes and pulls,
 * referrers, tag and catalog listing, sha512, input validation). {@code ImmutableTagsTest} and
 * {@code QuotaTest} check Berth's own repository rules, which
 * {@link dev.berth.conformance.RepositoryRulesUnderTest} gives the in-process registry. Every test works in repositories named
 * {@code conformance/<test>-<random>}, so runs can share a registry.
 */
package dev.berth.conformance;
