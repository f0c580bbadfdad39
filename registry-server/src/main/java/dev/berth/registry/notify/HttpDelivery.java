package dev.berth.registry.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * POSTs envelopes over HTTP(S) with the endpoint's headers. As distribution does, any status below
 * 400 (after following redirects) counts as delivered; everything else is retried.
 */
final class HttpDelivery implements Delivery {
    private final HttpClient client;
    private final URI url;
    private final Map<String, List<String>> headers;
    private final Duration timeout;

    HttpDelivery(URI url, Map<String, List<String>> headers, Duration timeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.url = url;
        this.headers = headers;
        this.timeout = timeout;
    }

    @Override
    public void send(byte[] envelope) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", Envelope.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope));
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() >= 400) {
            throw new IOException("answered " + response.statusCode());
        }
    }
}
