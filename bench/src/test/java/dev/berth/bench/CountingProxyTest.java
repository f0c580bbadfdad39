package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountingProxyTest {
    @Test
    void countsEveryRequestOfAConnectionWhateverItsBodyFraming() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sink = new Thread(() -> {
                try (Socket s = upstream.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (Exception e) {
                    // the test ends
                }
            });
            sink.start();
            try (CountingProxy proxy = CountingProxy.start(upstream.getLocalPort());
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                OutputStream out = client.getOutputStream();
                out.write(("PUT /b/k?partNumber=1&uploadId=u HTTP/1.1\r\nContent-Length: 5\r\n\r\n"
                        + "\r\n\r\nx" // a body that looks like the end of a head
                        + "PUT /b/k2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\nIf-None-Match: *\r\n\r\n"
                        + "3\r\nabc\r\n0\r\n\r\n"
                        + "GET /b?list-type=2&prefix=p HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                client.shutdownOutput();
                sink.join(10_000);

                Map<String, Long> counts = proxy.takeCounts(Duration.ofMillis(50), Duration.ofSeconds(5));

                assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("UploadPart", 1L,
                        "PutObject (conditional)", 1L, "ListObjectsV2", 1L));
                assertThat(proxy.takeCounts(Duration.ZERO, Duration.ZERO)).isEmpty();
            }
        }
    }

    @Test
    void namesTheS3Operations() {
        assertThat(op("POST /b/k?uploads", "")).isEqualTo("CreateMultipartUpload");
        assertThat(op("POST /b/k?uploadId=u", "")).isEqualTo("CompleteMultipartUpload");
        assertThat(op("DELETE /b/k?uploadId=u", "")).isEqualTo("AbortMultipartUpload");
        assertThat(op("PUT /b/k?partNumber=2&uploadId=u", "x-amz-copy-source: /b/o\r\n")).isEqualTo("UploadPartCopy");
        assertThat(op("PUT /b/k", "x-amz-copy-source: /b/o\r\n")).isEqualTo("CopyObject");
        assertThat(op("POST /b?delete", "")).isEqualTo("DeleteObjects");
        assertThat(op("HEAD /b/a/b/c", "")).isEqualTo("HeadObject");
        assertThat(op("GET /b/a/b/c", "")).isEqualTo("GetObject");
        assertThat(op("DELETE /b/a", "")).isEqualTo("DeleteObject");
        assertThat(op("GET /b/?prefix=x", "")).isEqualTo("ListObjects");
    }

    private static String op(String requestLine, String headers) {
        String[] parts = requestLine.split(" ");
        return S3Operation.of(CountingProxy.RequestHead.parse(parts[0] + " " + parts[1] + " HTTP/1.1\r\n" + headers
                + "\r\n"));
    }
}
