package dev.berth.bench;

import java.net.URI;

/**
 * The distribution API calls the scenarios make, on one connection: blob pushes (monolithic and
 * chunked), blob pulls, manifest pushes. Any unexpected status is an error: a benchmark that counts
 * failed requests as work would flatter whoever fails fastest.
 */
final class RegistryClient implements AutoCloseable {
    static final String OCTETS = "Content-Type: application/octet-stream\r\n";

    private final HttpConnection connection;
    private final BlobData data;

    RegistryClient(int port, BlobData data) {
        this.connection = new HttpConnection(port);
        this.data = data;
    }

    /** POST, then PUT with the whole blob as the body. */
    void pushMonolithic(String repository, Blob blob) {
        pushMonolithic(repository, blob.digest(), data.body(blob));
    }

    /** POST, then PUT with {@code body}, whose digest is {@code digest}. */
    void pushMonolithic(String repository, String digest, Body body) {
        String location = startUpload(repository);
        expect(201, connection.send("PUT", finish(location, digest), OCTETS, body, true), "PUT upload");
    }

    /** POST, a PATCH per {@code chunk} bytes, then PUT with no body. */
    void pushChunked(String repository, Blob blob, long chunk) {
        String location = startUpload(repository);
        for (long from = 0; from < blob.size(); from += chunk) {
            long to = Math.min(blob.size(), from + chunk);
            String headers = OCTETS + "Content-Range: " + from + "-" + (to - 1) + "\r\n";
            Response patched = expect(202, connection.send("PATCH", location, headers, data.body(blob, from, to), true),
                    "PATCH upload");
            location = path(patched.location());
        }
        expect(201, connection.send("PUT", finish(location, blob.digest()), OCTETS, Body.EMPTY, true),
                "PUT upload");
    }

    /** GETs a blob, throwing its bytes away; answers how many arrived. */
    long pull(String repository, String digest) {
        Response r = expect(200, connection.send("GET", "/v2/" + repository + "/blobs/" + digest, "", null, false),
                "GET blob");
        return r.bodyLength();
    }

    /** GETs any path whose answer must be 200, throwing the body away; answers its length. */
    long get(String path) {
        return expect(200, connection.send("GET", path, "", null, false), "GET " + path).bodyLength();
    }

    void putManifest(String repository, String reference, String mediaType, byte[] manifest) {
        expect(201, connection.send("PUT", "/v2/" + repository + "/manifests/" + reference,
                "Content-Type: " + mediaType + "\r\n", Body.bytes(manifest), true), "PUT manifest");
    }

    HttpConnection connection() {
        return connection;
    }

    private String startUpload(String repository) {
        Response started = expect(202, connection.send("POST", "/v2/" + repository + "/blobs/uploads/", "",
                Body.EMPTY, true), "POST upload");
        return path(started.location());
    }

    private static String finish(String location, String digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    /** The path and query of a Location, which may be an absolute URL. */
    static String path(String location) {
        if (location == null) {
            throw new IllegalStateException("upload answered without Location");
        }
        if (location.startsWith("/")) {
            return location;
        }
        URI uri = URI.create(location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    static Response expect(int status, Response response, String what) {
        if (response.status() != status) {
            throw new IllegalStateException(what + " answered " + response.status() + " (expected " + status + "): "
                    + response.text());
        }
        return response;
    }

    @Override
    public void close() {
        connection.close();
    }
}
