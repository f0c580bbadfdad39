package dev.berth.conformance;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole bucket the server stores in, not only its key prefix: objects outside the prefix are
 * as wrong as files outside the storage directory. Multipart uploads in progress count too, since
 * an upload session can exist on S3 before any object does.
 */
final class BucketStorageView implements StorageView {

    private final S3Client s3;
    private final URI endpoint;
    private final String bucket;

    BucketStorageView(S3Client s3, URI endpoint, String bucket) {
        this.s3 = s3;
        this.endpoint = endpoint;
        this.bucket = bucket;
    }

    @Override
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            out.put(object.key(), object.size());
        }
        for (MultipartUpload upload :
                s3.listMultipartUploadsPaginator(r -> r.bucket(bucket)).uploads()) {
            out.put("multipart upload " + upload.key() + " " + upload.uploadId(), -1L);
        }
        return out;
    }

    @Override
    public String toString() {
        return "S3 bucket " + bucket + " at " + endpoint;
    }
}
