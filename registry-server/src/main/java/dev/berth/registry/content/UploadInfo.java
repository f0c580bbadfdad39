package dev.berth.registry.content;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The stored state of an upload session, as JSON in {@code uploads/<id>/info}. */
record UploadInfo(@JsonProperty("repository") String repository,
        @JsonProperty("algorithm") String algorithm,
        @JsonProperty("startedAt") long startedAtMillis) {
}
