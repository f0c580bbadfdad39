package dev.berth.registry.http.api;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code Content-Range: <first>-<last>} of an upload chunk, inclusive. */
record ChunkRange(long first, long last) {
    private static final Pattern FORM = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");

    static Optional<ChunkRange> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(header.trim());
        if (!m.matches()) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "malformed Content-Range", header);
        }
        try {
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (last < first) {
                throw new RegistryException(
                        ErrorCode.BLOB_UPLOAD_INVALID, "Content-Range ends before it starts", header);
            }
            return Optional.of(new ChunkRange(first, last));
        } catch (NumberFormatException e) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "malformed Content-Range", header);
        }
    }

    long length() {
        return last - first + 1;
    }
}
