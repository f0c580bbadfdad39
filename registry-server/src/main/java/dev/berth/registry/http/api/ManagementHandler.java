package dev.berth.registry.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.auth.Access;
import dev.berth.registry.content.ImageDeletions;
import dev.berth.registry.content.ImageDetail;
import dev.berth.registry.content.ImageId;
import dev.berth.registry.content.ImageSummary;
import dev.berth.registry.content.Inventory;
import dev.berth.registry.content.ItemPage;
import dev.berth.registry.content.RepositorySummary;
import dev.berth.registry.content.TagStatus;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.Response;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.Reference;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The management API under {@code /api/v1/}: repositories with their size and last push, a
 * repository's images, one image in detail, deletion of several images in one call, and the
 * store's totals. Shapes follow ECR (see {@link ManagementJson}), paging {@link ResultPaging}.
 */
final class ManagementHandler {
    static final String BASE = "/api/v1";
    /** A batch deletion body: {@value ImageDeletions#MAX_IMAGES} image ids fit many times over. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final String JSON = "application/json";

    private final Inventory inventory;
    private final ImageDeletions deletions;

    ManagementHandler(Inventory inventory, ImageDeletions deletions) {
        this.inventory = inventory;
        this.deletions = deletions;
    }

    /** {@code GET /api/v1/repositories}: those the caller may pull. */
    Response repositories(Exchange x) {
        ResultPaging paging = ResultPaging.of(x);
        ItemPage<RepositorySummary> page = inventory.repositories(paging.after(), paging.maxResults(), pullable(x));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("repositories");
        page.items().forEach(r -> list.add(ManagementJson.repository(r)));
        return json(withToken(body, page));
    }

    /** {@code GET /api/v1/repositories/<name>/images}, {@code ?tagStatus=TAGGED|UNTAGGED|ANY}. */
    Response images(Exchange x) {
        requireRepository(x);
        ResultPaging paging = ResultPaging.of(x);
        TagStatus status =
                x.query("tagStatus").map(ManagementHandler::tagStatus).orElse(TagStatus.ANY);
        ItemPage<ImageSummary> page = inventory.images(x.repository(), paging.after(), paging.maxResults(), status);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("imageDetails");
        page.items().forEach(i -> list.add(ManagementJson.image(x.repository(), i)));
        return json(withToken(body, page));
    }

    /** {@code GET /api/v1/repositories/<name>/images/<tag or digest>}. */
    Response image(Exchange x) {
        requireRepository(x);
        Optional<ImageDetail> detail = Reference.tryParse(x.parameter())
                .flatMap(reference -> inventory.image(x.repository(), reference, pullable(x)));
        if (detail.isEmpty()) {
            throw new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "no such image in the repository", x.parameter());
        }
        return json(ManagementJson.detail(x.repository(), detail.get()));
    }

    /** {@code POST /api/v1/repositories/<name>/batch-delete-image} with {@code {"imageIds":[...]}}. */
    Response batchDelete(Exchange x) {
        requireRepository(x);
        byte[] content = x.body().readAll(MAX_BODY_BYTES, ErrorCode.REQUEST_TOO_LARGE);
        return json(ManagementJson.deletion(deletions.delete(x.repository(), imageIds(content))));
    }

    /** {@code GET /api/v1/store}: the whole store's totals. */
    Response store(Exchange x) {
        return json(ManagementJson.totals(inventory.totals()));
    }

    private static List<ImageId> imageIds(byte[] content) {
        JsonNode ids;
        try {
            JsonNode root = Json.MAPPER.readTree(content);
            ids = root == null ? null : root.get("imageIds");
        } catch (IOException e) {
            throw malformed("body is not JSON");
        }
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw malformed("imageIds must be a non-empty array");
        }
        if (ids.size() > ImageDeletions.MAX_IMAGES) {
            throw malformed("at most " + ImageDeletions.MAX_IMAGES + " imageIds per call");
        }
        List<ImageId> out = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isObject()) {
                throw malformed("each imageId must be an object with imageDigest and/or imageTag");
            }
            out.add(new ImageId(text(id, "imageDigest"), text(id, "imageTag")));
        }
        return out;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw malformed(field + " must be a string");
        }
        return Optional.of(value.asText());
    }

    private static TagStatus tagStatus(String value) {
        try {
            return TagStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw malformed("tagStatus must be TAGGED, UNTAGGED or ANY");
        }
    }

    private void requireRepository(Exchange x) {
        if (!inventory.exists(x.repository())) {
            throw new RegistryException(
                    ErrorCode.NAME_UNKNOWN, "repository unknown", x.repository().value());
        }
    }

    private static Predicate<String> pullable(Exchange x) {
        return name -> x.principal().may(Access.REPOSITORY, name, Access.PULL);
    }

    private static ObjectNode withToken(ObjectNode body, ItemPage<?> page) {
        page.nextAfter().ifPresent(after -> body.put("nextToken", ResultPaging.token(after)));
        return body;
    }

    private static RegistryException malformed(String message) {
        return new RegistryException(ErrorCode.MALFORMED_REQUEST, message, null);
    }

    private static Response json(ObjectNode body) {
        return Response.of(HttpResponseStatus.OK).body(new Response.Bytes(Json.bytes(body), JSON));
    }
}
