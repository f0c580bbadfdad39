package dev.berth.registry.content;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The stored state of an upload session, as JSON in {@code uploads/<id>/info}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UploadInfo(
        @JsonProperty("repository") String repository,
        @JsonProperty("algorithm") String algorithm,
        @JsonProperty("startedAt") long startedAtMillis,
        @JsonProperty("finishing") Finishing finishing) {

    /**
     * Recorded by a finishing PUT before its last chunk commits: the upload is to end at
     * {@code size} bytes that make the blob {@code digest}, and {@code verified} once they were
     * found to. A PUT retried after a crash continues from here instead of appending its body a
     * second time. It describes the upload only while the upload has that size, or is gone because
     * finishing moved its bytes on; a chunk appended later clears it.
     */
    record Finishing(
            @JsonProperty("digest") String digest,
            @JsonProperty("size") long size,
            @JsonProperty("verified") boolean verified) {}

    UploadInfo withFinishing(Finishing next) {
        return new UploadInfo(repository, algorithm, startedAtMillis, next);
    }
}
