/**
 * OCI values: {@link dev.berth.registry.model.Digest}, {@link dev.berth.registry.model.RepositoryName},
 * {@link dev.berth.registry.model.Tag}, {@link dev.berth.registry.model.Reference} and upload ids,
 * each validated against the spec's grammar when constructed, and the manifest model with
 * {@link dev.berth.registry.model.ManifestParser}. Start reading at ManifestParser. Besides, the
 * values of settings that content code follows: repository and tag patterns
 * ({@link dev.berth.registry.model.RepositoryGlob}, {@link dev.berth.registry.model.TagGlob}), byte
 * sizes, and the repository rules ({@link dev.berth.registry.model.RepositoryRules}: immutable tags
 * and quotas).
 */
package dev.berth.registry.model;
