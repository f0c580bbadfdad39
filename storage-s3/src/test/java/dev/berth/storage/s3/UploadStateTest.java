package dev.berth.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The upload state object: what another server reads must mean exactly what this one wrote. */
class UploadStateTest {

    private static final long PART = S3StorageConfig.MIN_PART_SIZE;

    @Test
    void aStateSurvivesItsJson() {
        UploadState state = UploadState.empty(PART)
                .with(
                        "upload-1",
                        List.of(
                                new UploadState.Part(1, "\"etag-1\"", PART),
                                new UploadState.Part(2, "\"etag-2\"", PART)),
                        List.of(new UploadState.Piece("piece-a", 10), new UploadState.Piece("piece-b", 5)),
                        2 * PART + 15,
                        "writer-1");
        assertEquals(state, UploadState.fromJson(state.toJson(), "test"));
        UploadState empty = UploadState.empty(PART);
        assertEquals(empty, UploadState.fromJson(empty.toJson(), "test"));
    }

    @Test
    void theJsonIsReadableByOperators() {
        String json = new String(
                UploadState.empty(PART)
                        .with("id", List.of(), List.of(new UploadState.Piece("piece-a", 3)), 3, "w")
                        .toJson(),
                StandardCharsets.UTF_8);
        assertTrue(json.contains("\"uploadId\":\"id\""), json);
        assertTrue(json.contains("\"pieces\":[{\"name\":\"piece-a\",\"size\":3}]"), json);
    }

    @Test
    void partNumbersAscendWithGapsWhereWritersClaimedNumbersTheyNeverCommitted() {
        UploadState state = UploadState.fromJson(
                ("{\"version\":1,\"partSize\":5242880,\"uploadId\":\"u\","
                                + "\"size\":10485760,\"reserved\":9,\"parts\":[{\"number\":2,\"eTag\":\"e\",\"size\":5242880},"
                                + "{\"number\":5,\"eTag\":\"f\",\"size\":5242880}]}")
                        .getBytes(StandardCharsets.UTF_8),
                "test");
        assertEquals(10, state.nextPartNumber());
        assertEquals(12, state.reserve("u", 11, "w").nextPartNumber());
        assertEquals(
                10,
                UploadState.empty(PART)
                        .with("u", List.of(new UploadState.Part(9, "g", PART)), List.of(), PART, "w")
                        .nextPartNumber());
    }

    @Test
    void inconsistentStatesAreRefused() {
        for (String json : List.of(
                "not json",
                "{\"version\":2,\"partSize\":5242880,\"size\":0}",
                "{\"version\":1,\"partSize\":5242880,\"size\":7}",
                "{\"version\":1,\"partSize\":1024,\"size\":0}",
                "{\"version\":1,\"partSize\":5242880,\"size\":5242880,"
                        + "\"parts\":[{\"number\":1,\"eTag\":\"e\",\"size\":5242880}]}",
                "{\"version\":1,\"partSize\":5242880,\"uploadId\":\"u\",\"size\":10485760,"
                        + "\"parts\":[{\"number\":2,\"eTag\":\"e\",\"size\":5242880},"
                        + "{\"number\":2,\"eTag\":\"f\",\"size\":5242880}]}",
                "{\"version\":1,\"partSize\":5242880,\"uploadId\":\"u\",\"size\":5242880,"
                        + "\"parts\":[{\"number\":0,\"eTag\":\"e\",\"size\":5242880}]}",
                "{\"version\":1,\"partSize\":5242880,\"size\":5242880,"
                        + "\"pieces\":[{\"name\":\"p\",\"size\":5242880}]}")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThrows(StorageException.class, () -> UploadState.fromJson(bytes, "test"), json);
        }
    }
}
