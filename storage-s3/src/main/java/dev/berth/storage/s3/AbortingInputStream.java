package dev.berth.storage.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * An object's body that, when closed before its end, drops the HTTP connection instead of reading
 * the rest. With the Apache client, closing a {@link ResponseInputStream} drains it so the
 * connection can be reused; for a client that stops pulling a multi-GiB layer that would download
 * the whole remainder.
 */
final class AbortingInputStream extends FilterInputStream {

    private final ResponseInputStream<?> response;
    private boolean ended;
    private boolean closed;

    AbortingInputStream(ResponseInputStream<?> response) {
        super(response);
        this.response = response;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        ended |= b < 0;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        ended |= n < 0;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended) {
            response.abort();
        }
        response.close();
    }
}
