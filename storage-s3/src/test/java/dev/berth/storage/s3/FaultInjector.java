package dev.berth.storage.s3;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Makes chosen S3 calls fail. {@link #failCalls} fails whole calls before they are sent, which the
 * SDK does not retry: what the driver sees once retries are exhausted. {@link #failAttempts} turns
 * the answers to single attempts into an error status such as 503, which the SDK retries.
 */
final class FaultInjector implements ExecutionInterceptor {

    private record Fault(Predicate<SdkRequest> matches, AtomicInteger left, int status) {}

    private final List<Fault> callFaults = new CopyOnWriteArrayList<>();
    private final List<Fault> attemptFaults = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, AtomicInteger> attempts = new ConcurrentHashMap<>();

    /** The next {@code times} calls {@code matches} accepts fail with a 500 error. */
    void failCalls(Predicate<SdkRequest> matches, int times) {
        callFaults.add(new Fault(matches, new AtomicInteger(times), 500));
    }

    void failCalls(Class<? extends SdkRequest> type, int times) {
        failCalls(type::isInstance, times);
    }

    /** The answers to the next {@code times} attempts of {@code type} get {@code status}. */
    void failAttempts(Class<? extends SdkRequest> type, int times, int status) {
        attemptFaults.add(new Fault(type::isInstance, new AtomicInteger(times), status));
    }

    /** How many HTTP attempts calls of {@code type} made. */
    int attempts(Class<? extends SdkRequest> type) {
        AtomicInteger n = attempts.get(type);
        return n == null ? 0 : n.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (take(callFaults, context.request()) != null) {
            throw S3Exception.builder()
                    .statusCode(500)
                    .message("injected fault in " + context.request().getClass().getSimpleName())
                    .build();
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.computeIfAbsent(context.request().getClass(), k -> new AtomicInteger())
                .incrementAndGet();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Fault fault = take(attemptFaults, context.request());
        if (fault != null) {
            return context.httpResponse().toBuilder().statusCode(fault.status()).build();
        }
        return context.httpResponse();
    }

    private static Fault take(List<Fault> faults, SdkRequest request) {
        for (Fault fault : faults) {
            if (fault.matches().test(request) && fault.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return fault;
            }
        }
        return null;
    }
}
