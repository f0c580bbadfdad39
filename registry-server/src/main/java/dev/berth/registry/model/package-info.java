/**
 * OCI values: {@link dev.berth.registry.model.Digest}, {@link dev.berth.registry.model.RepositoryName},
 * {@link dev.berth.registry.model.Tag}, {@link dev.berth.registry.model.Reference} and upload ids,
 * each validated against the spec's grammar when constructed, and the manifest model with
 * {@link dev.berth.registry.model.ManifestParser}. Start reading at ManifestParser.
 */
package dev.berth.registry.model;
