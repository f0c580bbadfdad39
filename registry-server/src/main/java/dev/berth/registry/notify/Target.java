package dev.berth.registry.notify;

/**
 * What an event is about, as distribution's {@code target}: any field may be null and is then left
 * out of the envelope (a delete names only repository and digest, or repository and tag).
 *
 * @param mediaType      the manifest's media type, {@code application/octet-stream} for blobs
 * @param digest         the content's digest
 * @param size           its length in bytes (sent as both {@code size} and {@code length})
 * @param repository     the repository named in the request
 * @param fromRepository where a mounted blob came from, when the client named it
 * @param url            where the content can be fetched
 * @param tag            the tag pushed, pulled or deleted
 */
public record Target(
        String mediaType, String digest, Long size, String repository, String fromRepository, String url, String tag) {

    /** A blob or manifest with its content known. */
    public static Target content(String repository, String mediaType, String digest, Long size, String url) {
        return new Target(mediaType, digest, size, repository, null, url, null);
    }

    /** A deleted manifest or blob: repository and digest only. */
    public static Target deletedContent(String repository, String digest) {
        return new Target(null, digest, null, repository, null, null, null);
    }

    /** A deleted tag: repository and tag only. */
    public static Target deletedTag(String repository, String tag) {
        return new Target(null, null, null, repository, null, null, tag);
    }

    public Target withTag(String value) {
        return new Target(mediaType, digest, size, repository, fromRepository, url, value);
    }

    public Target withFromRepository(String value) {
        return new Target(mediaType, digest, size, repository, value, url, tag);
    }
}
