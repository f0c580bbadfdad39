package dev.berth.bench;

/** Where a registry under test keeps its content when it runs on S3: a bucket on a local endpoint. */
record S3Endpoint(int port, String bucket, String accessKey, String secretKey) {
    static final String REGION = "us-east-1";

    String url() {
        return "http://127.0.0.1:" + port;
    }
}
