package dev.berth.conformance.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an OCI image layout by hand: one gzip layer per requested file (a tar holding that many
 * random bytes), a config naming their diff IDs, a manifest, {@code index.json} with a tag, and
 * {@code oci-layout}. Only the JDK is needed, and the bytes are exactly known, so a round trip
 * through a registry can be compared byte for byte.
 */
final class OciLayoutWriter {

    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

    /** A layer blob: digest and size of the gzip bytes. */
    record Layer(String digest, long size) {}

    /** What was written. */
    record Image(String manifestDigest, byte[] manifest, String configDigest, List<Layer> layers) {}

    private OciLayoutWriter() {}

    /** Writes the layout into {@code dir} (created if missing) with {@code tag} in its index. */
    static Image write(Path dir, String tag, long seed, int... fileSizes) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        SplittableRandom random = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (int i = 0; i < fileSizes.length; i++) {
            byte[] content = new byte[fileSizes[i]];
            random.nextBytes(content);
            byte[] tar = tar("layer-" + i + "/random.bin", content);
            diffIds.add(RegistryHttp.sha256(tar));
            byte[] gzip = gzip(tar);
            layers.add(new Layer(writeBlob(blobs, gzip), gzip.length));
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + quoted(diffIds) + "]},"
                        + "\"history\":[{\"created_by\":\"berth interop test, seed " + seed + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = writeBlob(blobs, config);
        StringBuilder layerDescriptors = new StringBuilder();
        for (Layer layer : layers) {
            if (layerDescriptors.length() > 0) {
                layerDescriptors.append(',');
            }
            layerDescriptors.append(descriptor(LAYER_TYPE, layer.digest(), layer.size(), ""));
        }
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\","
                        + "\"config\":" + descriptor(CONFIG_TYPE, configDigest, config.length, "") + ","
                        + "\"layers\":[" + layerDescriptors + "]}")
                .getBytes(StandardCharsets.UTF_8);
        String manifestDigest = writeBlob(blobs, manifest);
        Files.writeString(
                dir.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":["
                        + descriptor(
                                MANIFEST_TYPE,
                                manifestDigest,
                                manifest.length,
                                ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}")
                        + "]}");
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return new Image(manifestDigest, manifest, configDigest, List.copyOf(layers));
    }

    private static String descriptor(String mediaType, String digest, long size, String extra) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + extra + "}";
    }

    private static String quoted(List<String> values) {
        return String.join(",", values.stream().map(v -> "\"" + v + "\"").toList());
    }

    private static String writeBlob(Path blobs, byte[] content) throws IOException {
        String digest = RegistryHttp.sha256(content);
        Files.write(blobs.resolve(digest.substring("sha256:".length())), content);
        return digest;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        }
        return bytes.toByteArray();
    }

    /** A POSIX ustar archive with one regular file (and its parent directory). */
    private static byte[] tar(String name, byte[] content) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        String parent = name.substring(0, name.lastIndexOf('/') + 1);
        tar.write(header(parent, 0, '5', 0755));
        tar.write(header(name, content.length, '0', 0644));
        tar.write(content);
        tar.write(new byte[(512 - content.length % 512) % 512]);
        tar.write(new byte[1024]);
        return tar.toByteArray();
    }

    private static byte[] header(String name, long size, char type, int mode) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, octal(mode, 7));
        put(h, 108, 8, octal(0, 7));
        put(h, 116, 8, octal(0, 7));
        put(h, 124, 12, octal(size, 11));
        put(h, 136, 12, octal(1_700_000_000L, 11));
        h[156] = (byte) type;
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        put(h, 265, 32, "root");
        put(h, 297, 32, "root");
        // The checksum is computed with its own field read as eight spaces.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 6, octal(sum, 6));
        h[154] = 0;
        return h;
    }

    private static String octal(long value, int digits) {
        String s = Long.toOctalString(value);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > length) {
            throw new IllegalArgumentException("tar header field too long: " + value);
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
