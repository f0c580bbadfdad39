package dev.berth.registry.http.api;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcAbortedException;
import dev.berth.registry.gc.GcAlreadyRunningException;
import dev.berth.registry.gc.GcOptions;
import dev.berth.registry.gc.GcReport;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.Response;
import dev.berth.registry.model.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/**
 * {@code POST /admin/gc}: runs garbage collection now and answers its report. Query parameters
 * {@code dry-run} and {@code prune-untagged} ({@code true}/{@code false}) override the configured
 * options for this run.
 */
final class AdminHandler {
    static final String GC_PATH = "/admin/gc";
    private final GarbageCollector collector;
    private final GcOptions defaults;

    AdminHandler(GarbageCollector collector, GcOptions defaults) {
        this.collector = collector;
        this.defaults = defaults;
    }

    Response gc(Exchange x) {
        GcOptions options = defaults.withDryRun(flag(x, "dry-run").orElse(false))
                .withPruneUntagged(flag(x, "prune-untagged").orElse(defaults.pruneUntagged()));
        GcReport report;
        try {
            report = collector.run(options);
        } catch (GcAlreadyRunningException e) {
            return ErrorResponses.of(ErrorCode.TOOMANYREQUESTS, e.getMessage(), null)
                    .header("Retry-After", 60);
        } catch (GcAbortedException e) {
            return ErrorResponses.of(ErrorCode.UNAVAILABLE, "garbage collection stopped: " + e.getMessage(), null)
                    .header("Retry-After", 60);
        }
        return Response.of(HttpResponseStatus.OK).body(new Response.Bytes(Json.bytes(report), "application/json"));
    }

    static Optional<Boolean> flag(Exchange x, String name) {
        return x.query(name).map(v -> {
            if (v.isEmpty() || v.equals("true")) {
                return true;
            }
            if (v.equals("false")) {
                return false;
            }
            throw new RegistryException(ErrorCode.UNSUPPORTED, name + " must be true or false", v);
        });
    }
}
