package dev.berth.registry.http.api;

import dev.berth.registry.content.ImageRecords;
import dev.berth.registry.content.ManifestStore;
import dev.berth.registry.content.StoredManifest;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.Response;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.Tag;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code /v2/<name>/manifests/<reference>}: GET, HEAD, PUT (with {@code ?tag=}), DELETE. A PUT is
 * recorded with the caller's account, a GET that serves the manifest as a pull of it.
 */
final class ManifestHandler {
    /** Manifests are small; anything larger is refused before it is parsed. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final ManifestStore manifests;
    private final ImageRecords images;

    ManifestHandler(ManifestStore manifests, ImageRecords images) {
        this.manifests = manifests;
        this.images = images;
    }

    Response get(Exchange x) {
        // A reference that is neither a tag nor a digest names nothing that could exist.
        Reference reference = Reference.tryParse(x.parameter())
                .orElseThrow(
                        () -> new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown", x.parameter()));
        StoredManifest manifest = (x.isHead()
                        ? manifests.claim(x.repository(), reference)
                        : manifests.get(x.repository(), reference))
                .orElseThrow(() -> unknown(reference));
        if (!acceptable(x.headers("Accept"), manifest.mediaType())) {
            throw new RegistryException(
                    ErrorCode.MANIFEST_UNKNOWN,
                    "manifest exists only as " + manifest.mediaType() + ", which the Accept header excludes",
                    reference.toString());
        }
        if (!x.isHead()) {
            images.recordPull(x.repository(), manifest.digest());
        }
        return Response.of(HttpResponseStatus.OK)
                .header("Docker-Content-Digest", manifest.digest())
                .header("ETag", "\"" + manifest.digest() + "\"")
                .body(new Response.Bytes(manifest.content(), manifest.mediaType()));
    }

    Response put(Exchange x) {
        Reference reference = Reference.parse(x.parameter());
        List<Tag> tags = x.queryAll("tag").stream().map(Tag::new).toList();
        byte[] content = x.body().readAll(MAX_MANIFEST_BYTES, ErrorCode.MANIFEST_TOO_LARGE);
        String actor = Objects.requireNonNullElse(x.principal().account(), "");
        ManifestStore.PutResult result =
                manifests.put(x.repository(), reference, content, x.header("Content-Type"), tags, actor);
        Response r = Response.of(HttpResponseStatus.CREATED)
                .header("Location", "/v2/" + x.repository() + "/manifests/" + result.digest())
                .header("Docker-Content-Digest", result.digest());
        if (result.subject() != null) {
            r.header("OCI-Subject", result.subject());
        }
        // One line per tag set: clients see from it that ?tag= was honoured and need no PUT by tag.
        result.tags().forEach(tag -> r.addHeader("OCI-Tag", tag));
        return r;
    }

    Response delete(Exchange x) {
        Reference reference = Reference.parse(x.parameter());
        if (!manifests.delete(x.repository(), reference)) {
            throw unknown(reference);
        }
        return Response.of(HttpResponseStatus.ACCEPTED);
    }

    /**
     * No Accept header, a wildcard, or a list naming no manifest type at all accepts anything;
     * a list of manifest types accepts only those.
     */
    private static boolean acceptable(List<String> acceptHeaders, String mediaType) {
        List<String> types = acceptHeaders.stream()
                .flatMap(h -> Arrays.stream(h.split(",")))
                .map(t -> t.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT))
                .filter(t -> !t.isEmpty())
                .toList();
        if (types.isEmpty()
                || types.contains(mediaType)
                || types.stream().anyMatch(t -> t.equals("*/*") || t.equals("application/*"))) {
            return true;
        }
        return types.stream().noneMatch(dev.berth.registry.model.MediaTypes::isManifest);
    }

    private static RegistryException unknown(Reference reference) {
        return new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown", reference.toString());
    }
}
