package dev.berth.bench;

import java.util.HashSet;
import java.util.Set;

/** Names the S3 API operation of a request from its method, path, query and headers. */
final class S3Operation {
    private S3Operation() {}

    static String of(CountingProxy.RequestHead r) {
        String target = r.target();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Set<String> params = new HashSet<>();
        if (q >= 0) {
            for (String p : target.substring(q + 1).split("&")) {
                params.add(p.split("=", 2)[0]);
            }
        }
        boolean bucketLevel = path.replaceAll("^/+|/+$", "").indexOf('/') < 0;
        String m = r.method();
        if (params.contains("uploads")) {
            return m.equals("POST") ? "CreateMultipartUpload" : "ListMultipartUploads";
        }
        if (params.contains("uploadId")) {
            return switch (m) {
                case "PUT" -> r.copySource() ? "UploadPartCopy" : "UploadPart";
                case "POST" -> "CompleteMultipartUpload";
                case "DELETE" -> "AbortMultipartUpload";
                default -> "ListParts";
            };
        }
        if (params.contains("delete") && m.equals("POST")) {
            return "DeleteObjects";
        }
        if (bucketLevel) {
            return switch (m) {
                case "GET" -> params.contains("list-type") ? "ListObjectsV2" : "ListObjects";
                case "HEAD" -> "HeadBucket";
                default -> m + " bucket";
            };
        }
        return switch (m) {
            case "PUT" -> r.copySource() ? "CopyObject" : r.conditional() ? "PutObject (conditional)" : "PutObject";
            case "GET" -> "GetObject";
            case "HEAD" -> "HeadObject";
            case "DELETE" -> "DeleteObject";
            default -> m + " object";
        };
    }
}
