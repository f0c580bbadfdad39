package dev.berth.storage.s3;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Runs the conditional {@code PutObject}s of every client it is given to one at a time per key.
 * S3Proxy answers {@code If-Match} and {@code If-None-Match} correctly but checks them and then
 * writes, without holding the key in between, so two conditional writes at the same instant can
 * both pass; AWS S3 and MinIO decide them atomically. Shared by the clients of several stores in
 * one JVM, this gives the tests the atomic conditional writes the driver is designed for.
 */
final class AtomicConditionalWrites implements ExecutionInterceptor {

    private static final ExecutionAttribute<Semaphore> HELD = new ExecutionAttribute<>("berth.held-key");

    private final Map<String, Semaphore> keys = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutObjectRequest put && (put.ifMatch() != null || put.ifNoneMatch() != null)) {
            Semaphore key = keys.computeIfAbsent(put.bucket() + "/" + put.key(), k -> new Semaphore(1));
            key.acquireUninterruptibly();
            attributes.putAttribute(HELD, key);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        release(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        release(attributes);
    }

    private static void release(ExecutionAttributes attributes) {
        Semaphore key = attributes.getAttribute(HELD);
        if (key != null) {
            attributes.putAttribute(HELD, null);
            key.release();
        }
    }
}
