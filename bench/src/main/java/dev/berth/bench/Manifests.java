package dev.berth.bench;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The small image the manifest scenarios read: a config, one layer, an OCI image manifest tagged. */
final class Manifests {
    static final String MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String ACCEPT = "Accept: " + MEDIA_TYPE + ", application/vnd.oci.image.index.v1+json, "
            + "application/vnd.docker.distribution.manifest.v2+json, "
            + "application/vnd.docker.distribution.manifest.list.v2+json\r\n";

    private Manifests() {}

    /** Pushes the config and a layer of {@code layerSize} bytes, then the manifest as {@code tag}; answers its bytes. */
    static byte[] pushImage(RegistryClient client, BlobData data, String repository, String tag, long layerSize) {
        byte[] manifest = pushBlobs(client, data, repository, layerSize);
        client.putManifest(repository, tag, MEDIA_TYPE, manifest);
        return manifest;
    }

    /** Pushes a config and a layer of {@code layerSize} bytes; answers a manifest naming them. */
    static byte[] pushBlobs(RegistryClient client, BlobData data, String repository, long layerSize) {
        byte[] config = """
                {"architecture":"amd64","os":"linux","config":{},\
                "rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}""".formatted("0".repeat(64))
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = digest(config);
        client.pushMonolithic(repository, configDigest, Body.bytes(config));
        Blob layer = data.next(layerSize);
        client.pushMonolithic(repository, layer);
        return """
                {"schemaVersion":2,"mediaType":"%s",\
                "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},\
                "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}]}"""
                .formatted(MEDIA_TYPE, configDigest, config.length, layer.digest(), layer.size())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A request head asking for {@code repository:tag} with {@code method}, for a load loop to send again and again. */
    static byte[] request(String method, HttpConnection connection, String repository, String tag) {
        return (method + " /v2/" + repository + "/manifests/" + tag + " HTTP/1.1\r\nHost: " + connection.hostHeader()
                + "\r\n" + ACCEPT + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static String digest(byte[] content) {
        return "sha256:" + HexFormat.of().formatHex(BlobData.sha256().digest(content));
    }
}
