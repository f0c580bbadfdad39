package dev.berth.registry.http;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;

/** Where {@link ResponseWriter} streams a blob from, one buffer at a time. */
sealed interface BlobReader extends AutoCloseable {
    /**
     * Fills {@code buf} with the next bytes, as many as fit or are left.
     *
     * @return how many bytes were read, or -1 at the end of the blob
     */
    int read(ByteBuf buf) throws IOException;

    @Override
    void close() throws IOException;

    /** A file, read straight into the (direct) buffer from a position that moves on. */
    final class FromFile implements BlobReader {
        private final FileChannel channel;
        private long position;

        FromFile(FileChannel channel, long offset) {
            this.channel = channel;
            this.position = offset;
        }

        @Override
        public int read(ByteBuf buf) throws IOException {
            int n = buf.writeBytes(channel, position, buf.writableBytes());
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** A stream from storage, which starts at the blob's offset. */
    final class FromStream implements BlobReader {
        private final InputStream in;

        FromStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(ByteBuf buf) throws IOException {
            return buf.writeBytes(in, buf.writableBytes());
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
