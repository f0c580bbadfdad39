package dev.berth.registry.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.content.ContentBusyException;
import dev.berth.registry.content.UploadOutOfOrderException;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Json;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The distribution spec's error envelope: {@code {"errors":[{"code","message","detail"}]}}, with
 * the headers a refusal calls for: where an upload stands after a chunk out of order, when to
 * retry on content that garbage collection is deleting.
 */
public final class ErrorResponses {
    private ErrorResponses() {}

    public static Response of(RegistryException e) {
        Response r = of(e.code(), e.getMessage(), e.detail());
        if (e instanceof UploadOutOfOrderException outOfOrder) {
            UploadProgress.describe(r, outOfOrder.committed());
        } else if (e instanceof ContentBusyException busy) {
            r.header("Retry-After", Math.max(1, busy.retryAfter().toSeconds()));
        }
        return r;
    }

    public static Response of(ErrorCode code, String message, Object detail) {
        ObjectNode error = Json.object();
        error.put("code", code.code());
        error.put("message", message == null ? code.defaultMessage() : message);
        if (detail != null) {
            error.set("detail", Json.MAPPER.valueToTree(detail));
        }
        ObjectNode envelope = Json.object();
        ArrayNode errors = envelope.putArray("errors");
        errors.add(error);
        return Response.of(HttpResponseStatus.valueOf(code.status()))
                .body(new Response.Bytes(Json.bytes(envelope), "application/json"));
    }
}
