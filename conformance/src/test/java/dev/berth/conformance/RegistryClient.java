package dev.berth.conformance;

import static dev.berth.conformance.Check.created;
import static dev.berth.conformance.Check.status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plain HTTP/1.1 access to the registry under test, plus the few multi-request steps that nearly
 * every test needs (push a blob, push a manifest). Paths are sent exactly as given: the JDK client
 * neither normalises {@code ..} nor collapses {@code //}, which the name-validation tests rely on.
 */
public final class RegistryClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final StorageView storage;
    private final HttpClient http;
    private final ClientAuth auth;

    RegistryClient(URI base, StorageView storage) {
        this(
                base,
                storage,
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build(),
                ClientAuth.none());
    }

    private RegistryClient(URI base, StorageView storage, HttpClient http, ClientAuth auth) {
        this.base = base;
        this.storage = storage;
        this.http = http;
        this.auth = auth;
    }

    /**
     * A client of a registry that a test started itself; {@code storage} may be null. It answers
     * no challenges until given a {@link #withAuth(ClientAuth)}.
     */
    public static RegistryClient connect(URI base, StorageView storage) {
        return new RegistryClient(base, storage);
    }

    /** The same registry, answering 401s as {@code auth} says (see {@link ClientAuth}). */
    public RegistryClient withAuth(ClientAuth auth) {
        return new RegistryClient(base, storage, http, auth);
    }

    /** How this client answers 401s. */
    public ClientAuth auth() {
        return auth;
    }

    /** Where the registry listens, without a trailing slash. */
    public URI base() {
        return base;
    }

    /**
     * The in-process server's storage, read directly (its directory, or its whole S3 bucket); empty
     * when the suite runs against a URL.
     */
    public Optional<StorageView> localStorage() {
        return Optional.ofNullable(storage);
    }

    /** Resolves a path ("/v2/...") or a Location header value (absolute or relative) against the base. */
    public URI resolve(String pathOrUrl) {
        if (pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://")) {
            return URI.create(pathOrUrl);
        }
        if (!pathOrUrl.startsWith("/")) {
            throw new IllegalArgumentException("relative reference without a leading slash: " + pathOrUrl);
        }
        return URI.create(base.toString() + pathOrUrl);
    }

    public Request request(String method, String pathOrUrl) {
        return new Request(method, resolve(pathOrUrl));
    }

    public Response get(String pathOrUrl, String... headers) {
        return request("GET", pathOrUrl).headers(headers).send();
    }

    public Response head(String pathOrUrl, String... headers) {
        return request("HEAD", pathOrUrl).headers(headers).send();
    }

    public Response delete(String pathOrUrl) {
        return request("DELETE", pathOrUrl).send();
    }

    // ---- multi-step helpers -------------------------------------------------------------------

    /** POST /v2/name/blobs/uploads/ and checks for a 202 with a Location. */
    public Response startUpload(String repo) {
        return startUploadAt("/v2/" + repo + "/blobs/uploads/");
    }

    public Response startUploadAt(String path) {
        Response r = request("POST", path).body(new byte[0]).send();
        status(r, 202);
        r.requireHeader("Location");
        return r;
    }

    /** Pushes a blob with POST then a single PUT carrying the bytes, the most portable way; returns its digest. */
    public String pushBlob(String repo, byte[] content) {
        String digest = Digests.sha256(content);
        pushBlob(repo, content, digest);
        return digest;
    }

    public Response pushBlob(String repo, byte[] content, String digest) {
        Response post = startUpload(repo);
        Response put = request("PUT", Urls.withQuery(post.requireHeader("Location"), "digest", digest))
                .header("Content-Type", "application/octet-stream")
                .body(content)
                .send();
        created(put);
        return put;
    }

    /** Pushes a blob made of {@code size} random bytes; returns its descriptor. */
    public Descriptor pushRandomBlob(String repo, String mediaType, int size) {
        byte[] content = Data.random(size);
        return new Descriptor(mediaType, pushBlob(repo, content), content.length);
    }

    /**
     * Uploads {@code content} in PATCH chunks with Content-Range (at least the registry's
     * OCI-Chunk-Min-Length each, at most three chunks of at least 1000 bytes), then closes with an
     * empty PUT; returns that PUT's response without judging it.
     *
     * @param postQuery query for the POST, e.g. {@code "?digest-algorithm=sha512"}, or ""
     */
    public Response pushBlobChunked(String repo, byte[] content, String digest, String postQuery) {
        Response post = startUploadAt("/v2/" + repo + "/blobs/uploads/" + postQuery);
        int chunk = chunkSize(post, content.length);
        String location = post.requireHeader("Location");
        for (int start = 0; start < content.length; start += chunk) {
            int end = Math.min(start + chunk, content.length);
            Response patch = request("PATCH", location)
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", start + "-" + (end - 1))
                    .body(java.util.Arrays.copyOfRange(content, start, end))
                    .send();
            status(patch, 202);
            Check.uploadedBytes(patch, end);
            location = patch.requireHeader("Location");
        }
        return request("PUT", Urls.withQuery(location, "digest", digest))
                .body(new byte[0])
                .send();
    }

    /** A chunk size the registry accepts for a blob of {@code total} bytes, splitting it in about three. */
    public static int chunkSize(Response post, int total) {
        int min = post.header("OCI-Chunk-Min-Length")
                .map(v -> {
                    try {
                        return (int) Math.min(Long.parseLong(v.trim()), Integer.MAX_VALUE);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                })
                .orElse(0);
        return Math.max(min, Math.max(1000, total / 3 + 1));
    }

    /** A blob size that the registry's minimum chunk length lets us split into {@code chunks} chunks plus a bit. */
    public static int sizeForChunks(Response post, int chunks) {
        int min = chunkSize(post, 0);
        return min * chunks + 123;
    }

    public Response putManifest(String repo, String reference, String contentType, byte[] body) {
        Request r = request("PUT", "/v2/" + repo + "/manifests/" + reference).body(body);
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        return r.send();
    }

    /** Pushes a manifest and checks for a 201; returns the digest the client computes (sha256). */
    public String pushManifest(String repo, String reference, String contentType, byte[] body) {
        created(putManifest(repo, reference, contentType, body));
        return Digests.sha256(body);
    }

    /** Pushes a small OCI image (config and two layers) and tags it. */
    public Image pushImage(String repo, String tag) {
        byte[] configBytes = Data.config("linux", "amd64");
        Descriptor config = new Descriptor(MediaTypes.OCI_CONFIG, pushBlob(repo, configBytes), configBytes.length);
        List<Descriptor> layers = new ArrayList<>();
        List<byte[]> layerBytes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            byte[] layer = Data.random(1024 + i * 517);
            layerBytes.add(layer);
            layers.add(new Descriptor(MediaTypes.OCI_LAYER_GZIP, pushBlob(repo, layer), layer.length));
        }
        byte[] manifest = Manifests.ociManifest(config, layers).build();
        String digest =
                pushManifest(repo, tag == null ? Digests.sha256(manifest) : tag, MediaTypes.OCI_MANIFEST, manifest);
        return new Image(repo, tag, config, configBytes, layers, layerBytes, manifest, digest);
    }

    /** A fluent single request. */
    public final class Request {
        private final String method;
        private final URI uri;
        private final HttpRequest.Builder builder;
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        private final StringBuilder sentHeaders = new StringBuilder();
        private boolean explicitAuthorization;

        private Request(String method, URI uri) {
            this.method = method;
            this.uri = uri;
            this.builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        }

        public Request header(String name, String value) {
            builder.header(name, value);
            explicitAuthorization |= name.equalsIgnoreCase("Authorization");
            sentHeaders.append(name).append(": ").append(value).append('\n');
            return this;
        }

        /** Name/value pairs. */
        public Request headers(String... nameValues) {
            for (int i = 0; i + 1 < nameValues.length; i += 2) {
                header(nameValues[i], nameValues[i + 1]);
            }
            return this;
        }

        /** A body with a known length: sent with Content-Length. */
        public Request body(byte[] content) {
            body = HttpRequest.BodyPublishers.ofByteArray(content);
            return this;
        }

        /** A body of unknown length: sent with chunked transfer encoding, as a streaming client does. */
        public Request streamedBody(byte[] content) {
            body = HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(content));
            return this;
        }

        /** Gives up after this long instead of the default minute, for requests that may hang a broken server. */
        public Request timeout(Duration timeout) {
            builder.timeout(timeout);
            return this;
        }

        public Request expectContinue() {
            builder.expectContinue(true);
            return this;
        }

        /**
         * Sends the request; a 401 is answered as {@link ClientAuth} says (unless the test set an
         * Authorization header itself) and the request sent once more.
         */
        public Response send() {
            if (explicitAuthorization) {
                return exchange(null, "");
            }
            String upFront = auth.upFront(uri);
            Response first = exchange(upFront, "");
            if (first.status() != 401) {
                return first;
            }
            StringBuilder note = new StringBuilder();
            String retry = auth.answer(first, upFront, http, note);
            return retry == null ? first : exchange(retry, note.toString());
        }

        private Response exchange(String authorization, String note) {
            String sent = note + sentHeaders;
            if (authorization != null) {
                builder.setHeader("Authorization", authorization);
                sent += "Authorization: " + abbreviate(authorization) + "\n";
            }
            HttpRequest request = builder.method(method, body).build();
            // Keep the status line and headers even if the body then breaks, to tell the two apart.
            AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
            HttpResponse.BodyHandler<byte[]> handler = info -> {
                head.set(info);
                return HttpResponse.BodySubscribers.ofByteArray();
            };
            try {
                HttpResponse<byte[]> response = http.send(request, handler);
                return new Response(
                        method,
                        uri,
                        sent,
                        response.statusCode(),
                        response.headers(),
                        response.body() == null ? new byte[0] : response.body(),
                        null);
            } catch (IOException e) {
                HttpResponse.ResponseInfo info = head.get();
                if (info != null) {
                    return new Response(method, uri, sent, info.statusCode(), info.headers(), new byte[0], describe(e));
                }
                throw new AssertionError(
                        "no response to " + method + " " + uri + " (" + describe(e) + ")\n" + sent.indent(2), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during " + method + " " + uri, e);
            }
        }

        private static String abbreviate(String authorization) {
            int space = authorization.indexOf(' ');
            return space < 0 || authorization.length() < space + 20
                    ? authorization
                    : authorization.substring(0, space + 13) + "... (" + (authorization.length() - space - 1)
                            + " chars)";
        }

        private static String describe(Throwable e) {
            StringBuilder sb = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                sb.append(sb.length() == 0 ? "" : ", caused by ").append(t);
            }
            return sb.toString();
        }
    }
}
