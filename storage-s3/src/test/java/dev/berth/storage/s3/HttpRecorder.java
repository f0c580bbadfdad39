package dev.berth.storage.s3;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Remembers the HTTP request of every attempt a client sent, as signed, with the call it served. */
final class HttpRecorder implements ExecutionInterceptor {

    record Sent(SdkRequest call, SdkHttpRequest http) {}

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        sent.add(new Sent(context.request(), context.httpRequest()));
    }

    /** The HTTP requests sent for calls of {@code type}. */
    List<SdkHttpRequest> sent(Class<? extends SdkRequest> type) {
        return sent.stream()
                .filter(s -> type.isInstance(s.call()))
                .map(Sent::http)
                .toList();
    }
}
