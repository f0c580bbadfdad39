package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BlobDataTest {
    private final BlobData data = new BlobData(1);

    @Test
    void digestIsTheSha256OfTheBytesWrittenAndRangesAddUpToTheWhole() throws IOException {
        long size = 3 * (1 << 20) + 12_345; // several pattern lengths and a part of one
        Blob blob = data.next(size);

        byte[] whole = bytes(data.body(blob));
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        for (long from = 0; from < size; from += 1_000_003) {
            pieces.write(bytes(data.body(blob, from, Math.min(size, from + 1_000_003))));
        }

        assertThat(whole).hasSize((int) size);
        assertThat(blob.digest()).isEqualTo("sha256:" + HexFormat.of().formatHex(BlobData.sha256().digest(whole)));
        assertThat(pieces.toByteArray()).isEqualTo(whole);
    }

    @Test
    void rangesEndingInsideTheTrailerAreExact() throws IOException {
        Blob blob = data.next(4096);
        byte[] whole = bytes(data.body(blob));
        byte[] tail = bytes(data.body(blob, 4080, 4090));
        assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(whole, 4080, 4090));
    }

    @Test
    void everyBlobIsDistinct() {
        assertThat(data.next(4096).digest()).isNotEqualTo(data.next(4096).digest());
        assertThat(new BlobData(1).next(4096).digest()).isNotEqualTo(data.next(4096).digest());
    }

    private static byte[] bytes(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(Channels.newChannel(out));
        assertThat(out.size()).isEqualTo(body.length());
        return out.toByteArray();
    }
}
