package dev.berth.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A request body of known length that writes itself to a channel. */
interface Body {
    Body EMPTY = bytes(new byte[0]);

    long length();

    void writeTo(WritableByteChannel channel) throws IOException;

    static Body bytes(byte[] content) {
        return new Body() {
            @Override
            public long length() {
                return content.length;
            }

            @Override
            public void writeTo(WritableByteChannel channel) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }
}
