package dev.berth.registry.http.api;

import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.Response;
import dev.berth.registry.model.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /healthz} (the process serves) and {@code /readyz} (storage answers), for orchestrators
 * and load balancers; both are outside auth. Liveness never touches storage. Readiness runs the
 * storage probe on a thread of its own, so a hung store costs a caller at most the timeout, and
 * keeps a verdict for a short while: a storm of probes costs storage one probe per
 * {@code reuseFor}, and callers that arrive while a probe runs wait for that one, never start another.
 */
final class HealthHandler implements AutoCloseable {
    static final String LIVE_PATH = "/healthz";
    static final String READY_PATH = "/readyz";
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REUSE_FOR = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(HealthHandler.class);

    private record Verdict(boolean ready, String reason, long atNanos) {}

    private record Probe(CompletableFuture<Verdict> verdict, long startNanos) {}

    private final Runnable probe;
    private final Duration timeout;
    private final Duration reuseFor;
    private final ExecutorService prober;
    private Verdict last;
    private Probe running;
    private boolean reportedUnready;

    /** @param probe returns when storage is fine, throws when it is not */
    HealthHandler(Runnable probe, Duration timeout, Duration reuseFor) {
        this.probe = probe;
        this.timeout = timeout;
        this.reuseFor = reuseFor;
        this.prober = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "berth-readiness-probe");
            t.setDaemon(true);
            return t;
        });
    }

    Response live(Exchange x) {
        return json(HttpResponseStatus.OK, "ok", null);
    }

    Response ready(Exchange x) {
        Verdict verdict = verdict();
        return verdict.ready()
                ? json(HttpResponseStatus.OK, "ready", null)
                : json(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", verdict.reason());
    }

    private Verdict verdict() {
        Probe current;
        synchronized (this) {
            if (last != null && System.nanoTime() - last.atNanos() < reuseFor.toNanos()) {
                return last;
            }
            if (running == null) {
                running = start();
            }
            current = running;
        }
        long left = current.startNanos() + timeout.toNanos() - System.nanoTime();
        try {
            return current.verdict().get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new Verdict(false, "storage did not answer within " + timeout.toMillis() + " ms", System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(false, "interrupted while waiting for storage", System.nanoTime());
        } catch (ExecutionException e) {
            throw new IllegalStateException("the readiness probe completes its verdict itself", e);
        }
    }

    private Probe start() {
        long started = System.nanoTime();
        CompletableFuture<Verdict> verdict = new CompletableFuture<>();
        prober.execute(() -> {
            Verdict v;
            Throwable failure = null;
            try {
                probe.run();
                long took = System.nanoTime() - started;
                v = took <= timeout.toNanos()
                        ? new Verdict(true, null, System.nanoTime())
                        : new Verdict(
                                false, "storage answered only after " + took / 1_000_000 + " ms", System.nanoTime());
            } catch (RuntimeException | Error e) {
                // Whatever went wrong, the verdict completes: callers wait for it and the next probe needs it.
                failure = e;
                // Storage's own message may name buckets or paths: the caller gets no detail, the log has it.
                v = new Verdict(false, "storage failed a write and read (see the server log)", System.nanoTime());
            }
            record(v, failure);
            verdict.complete(v);
        });
        return new Probe(verdict, started);
    }

    /** Logs changes only: an unready store probed every second would otherwise flood the log. */
    private synchronized void record(Verdict v, Throwable failure) {
        last = v;
        running = null;
        if (!v.ready() && !reportedUnready) {
            LOG.warn("not ready: {}", v.reason(), failure);
        } else if (!v.ready()) {
            LOG.debug("still not ready: {}", v.reason(), failure);
        } else if (reportedUnready) {
            LOG.info("ready again: storage answers");
        }
        reportedUnready = !v.ready();
    }

    private static Response json(HttpResponseStatus status, String state, String reason) {
        var body = Json.object().put("status", state);
        if (reason != null) {
            body.put("reason", reason);
        }
        return Response.of(status)
                .header("Cache-Control", "no-store")
                .body(new Response.Bytes(Json.bytes(body), "application/json"));
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
