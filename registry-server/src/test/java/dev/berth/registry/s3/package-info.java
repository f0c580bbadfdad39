/**
 * Server tests on S3 storage (S3Proxy in the test JVM): two servers sharing one bucket, chunked
 * uploads of random sizes, and the shared configuration {@link dev.berth.registry.s3.S3Registry}.
 */
package dev.berth.registry.s3;
