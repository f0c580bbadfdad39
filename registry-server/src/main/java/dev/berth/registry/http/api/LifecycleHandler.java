package dev.berth.registry.http.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.Response;
import dev.berth.registry.lifecycle.Lifecycle;
import dev.berth.registry.lifecycle.RepositoryPlan;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.RepositoryName;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /admin/lifecycle}: what the lifecycle rules would expire now and why, per repository
 * and rule, and what they select but hold back. {@code POST /admin/lifecycle} expires it (with
 * {@code dry-run=true} it previews). {@code repository=NAME} limits either to one repository.
 */
final class LifecycleHandler {
    static final String PATH = "/admin/lifecycle";
    private final Lifecycle lifecycle;

    LifecycleHandler(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    Response preview(Exchange x) {
        return answer(true, lifecycle.preview(repository(x)));
    }

    Response apply(Exchange x) {
        boolean dryRun = AdminHandler.flag(x, "dry-run").orElse(false);
        Optional<RepositoryName> only = repository(x);
        return answer(dryRun, dryRun ? lifecycle.preview(only) : lifecycle.apply(only));
    }

    private static Optional<RepositoryName> repository(Exchange x) {
        return x.query("repository").map(name -> {
            if (!RepositoryName.isValid(name)) {
                throw new RegistryException(ErrorCode.NAME_INVALID, "invalid repository name", name);
            }
            return new RepositoryName(name);
        });
    }

    private static Response answer(boolean dryRun, List<RepositoryPlan> plans) {
        ObjectNode body = Json.object().put("dryRun", dryRun);
        ArrayNode repositories = body.putArray("repositories");
        for (RepositoryPlan plan : plans) {
            ObjectNode repository =
                    repositories.addObject().put("repository", plan.repository().value());
            ArrayNode expire = repository.putArray("expire");
            for (RepositoryPlan.Expiry e : plan.expire()) {
                ObjectNode image = expire.addObject().put("digest", e.digest().toString());
                e.tags().forEach(image.putArray("tags")::add);
                image.put("pushedAt", e.pushedAt().toString())
                        .put("rulePriority", e.rule())
                        .put("reason", e.reason());
                e.alongWith().forEach(d -> image.withArray("alongWith").add(d.toString()));
            }
            ArrayNode held = repository.putArray("held");
            for (RepositoryPlan.Hold h : plan.held()) {
                ObjectNode image = held.addObject().put("digest", h.digest().toString());
                h.tags().forEach(image.putArray("tags")::add);
                image.put("rulePriority", h.rule()).put("reason", h.reason());
            }
        }
        return Response.of(HttpResponseStatus.OK).body(new Response.Bytes(Json.bytes(body), "application/json"));
    }
}
