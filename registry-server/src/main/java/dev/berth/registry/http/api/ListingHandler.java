package dev.berth.registry.http.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.auth.Access;
import dev.berth.registry.content.Catalog;
import dev.berth.registry.content.NamePage;
import dev.berth.registry.content.ReferrerIndex;
import dev.berth.registry.content.TagStore;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.Response;
import dev.berth.registry.model.Descriptor;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.MediaTypes;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;

/** Content discovery: {@code /v2/}, tags lists, the catalog and referrers. */
final class ListingHandler {
    private static final String JSON = "application/json";
    private final TagStore tags;
    private final Catalog catalog;
    private final ReferrerIndex referrers;

    ListingHandler(TagStore tags, Catalog catalog, ReferrerIndex referrers) {
        this.tags = tags;
        this.catalog = catalog;
        this.referrers = referrers;
    }

    Response base(Exchange x) {
        return Response.of(HttpResponseStatus.OK).body(new Response.Bytes("{}".getBytes(), JSON));
    }

    Response tags(Exchange x) {
        if (!catalog.exists(x.repository())) {
            throw new RegistryException(
                    ErrorCode.NAME_UNKNOWN, "repository unknown", x.repository().value());
        }
        Pagination p = Pagination.of(x);
        NamePage page = tags.list(x.repository(), p.last(), p.limit());
        ObjectNode body = Json.object();
        body.put("name", x.repository().value());
        ArrayNode list = body.putArray("tags");
        page.names().forEach(list::add);
        return p.link(json(body), "/v2/" + x.repository() + "/tags/list", page);
    }

    Response catalog(Exchange x) {
        Pagination p = Pagination.of(x);
        NamePage page =
                catalog.list(p.last(), p.limit(), name -> x.principal().may(Access.REPOSITORY, name, Access.PULL));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("repositories");
        page.names().forEach(list::add);
        return p.link(json(body), "/v2/_catalog", page);
    }

    Response referrers(Exchange x) {
        Digest subject = Digest.parse(x.parameter());
        Optional<String> artifactType = x.query("artifactType").filter(s -> !s.isEmpty());
        List<Descriptor> found = referrers.list(x.repository(), subject, artifactType.orElse(null));
        ObjectNode index = Json.object();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (Descriptor d : found) {
            ObjectNode node = manifests.addObject();
            node.put("mediaType", d.mediaType());
            node.put("digest", d.digest().toString());
            node.put("size", d.size());
            if (d.artifactType() != null) {
                node.put("artifactType", d.artifactType());
            }
            if (d.annotations() != null) {
                node.set("annotations", Json.MAPPER.valueToTree(d.annotations()));
            }
        }
        Response r =
                Response.of(HttpResponseStatus.OK).body(new Response.Bytes(Json.bytes(index), MediaTypes.OCI_INDEX));
        artifactType.ifPresent(t -> r.header("OCI-Filters-Applied", "artifactType"));
        return r;
    }

    private static Response json(ObjectNode body) {
        return Response.of(HttpResponseStatus.OK).body(new Response.Bytes(Json.bytes(body), JSON));
    }
}
