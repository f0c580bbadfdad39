package dev.berth.registry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.registry.model.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The envelope as distribution writes it: the sample of its notification docs, field for field and in order. */
class EnvelopeTest {
    /** A manifest push and a layer push, as in distribution's documentation and its format test. */
    private static final String DISTRIBUTION_SAMPLE = """
            {
              "events": [
                {
                  "id": "asdf-asdf-asdf-asdf-0",
                  "timestamp": "2006-01-02T15:04:05Z",
                  "action": "push",
                  "target": {
                    "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                    "digest": "sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf",
                    "size": 1,
                    "length": 1,
                    "repository": "library/test",
                    "url": "https://example.com/v2/library/test/manifests/sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf",
                    "tag": "latest"
                  },
                  "request": {
                    "id": "asdfasdf",
                    "addr": "client.local",
                    "host": "registrycluster.local",
                    "method": "PUT",
                    "useragent": "test/0.1"
                  },
                  "actor": {"name": "test-actor"},
                  "source": {"addr": "hostname.local:port", "instanceID": "a53db899-3b4b-4a62-a067-8dd013beaca4"}
                },
                {
                  "id": "asdf-asdf-asdf-asdf-1",
                  "timestamp": "2006-01-02T15:04:05Z",
                  "action": "push",
                  "target": {
                    "mediaType": "application/octet-stream",
                    "digest": "sha256:c3b3692957d439ac1928219a83fac91e7bf96c153725526874673ae1f2023f8d5",
                    "size": 2,
                    "length": 2,
                    "repository": "library/test",
                    "url": "https://example.com/v2/library/test/blobs/sha256:c3b3692957d439ac1928219a83fac91e7bf96c153725526874673ae1f2023f8d5"
                  },
                  "request": {
                    "id": "asdfasdf",
                    "addr": "client.local",
                    "host": "registrycluster.local",
                    "method": "PUT",
                    "useragent": "test/0.1"
                  },
                  "actor": {"name": "test-actor"},
                  "source": {"addr": "hostname.local:port", "instanceID": "a53db899-3b4b-4a62-a067-8dd013beaca4"}
                }
              ]
            }
            """;

    private static final Instant WHEN = Instant.parse("2006-01-02T15:04:05Z");
    private static final RequestRecord REQUEST =
            new RequestRecord("asdfasdf", "client.local", "registrycluster.local", "PUT", "test/0.1");
    private static final Source SOURCE = new Source("hostname.local:port", "a53db899-3b4b-4a62-a067-8dd013beaca4");

    @Test
    void pushesMatchDistributionsSampleFieldForFieldAndInOrder() throws Exception {
        String manifest = "sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf";
        String layer = "sha256:c3b3692957d439ac1928219a83fac91e7bf96c153725526874673ae1f2023f8d5";
        Event manifestPush = new Event(
                "asdf-asdf-asdf-asdf-0",
                WHEN,
                Action.PUSH,
                Target.content(
                                "library/test",
                                "application/vnd.docker.distribution.manifest.v2+json",
                                manifest,
                                1L,
                                "https://example.com/v2/library/test/manifests/" + manifest)
                        .withTag("latest"),
                REQUEST,
                "test-actor");
        Event layerPush = new Event(
                "asdf-asdf-asdf-asdf-1",
                WHEN,
                Action.PUSH,
                Target.content(
                        "library/test",
                        "application/octet-stream",
                        layer,
                        2L,
                        "https://example.com/v2/library/test/blobs/" + layer),
                REQUEST,
                "test-actor");

        JsonNode written = Json.MAPPER.readTree(Envelope.json(List.of(manifestPush, layerPush), SOURCE));
        JsonNode expected = Json.MAPPER.readTree(DISTRIBUTION_SAMPLE);

        assertThat(written).isEqualTo(expected);
        assertThat(fieldOrder(written)).isEqualTo(fieldOrder(expected));
    }

    @Test
    void deletesNameOnlyRepositoryAndDigestOrTagAndEmptyFieldsStayAsDistributionLeavesThem() throws Exception {
        RequestRecord anonymous = new RequestRecord("r1", null, null, "DELETE", null);
        Event manifestDelete =
                new Event("e1", WHEN, Action.DELETE, Target.deletedContent("app", "sha256:ab"), anonymous, null);
        Event tagDelete = new Event("e2", WHEN, Action.DELETE, Target.deletedTag("app", "v1"), anonymous, null);

        JsonNode events = Json.MAPPER
                .readTree(Envelope.json(List.of(manifestDelete, tagDelete), new Source("host:5000", null)))
                .get("events");

        assertThat(events.get(0).get("target"))
                .isEqualTo(Json.MAPPER.readTree("{\"digest\":\"sha256:ab\",\"repository\":\"app\"}"));
        assertThat(events.get(1).get("target"))
                .isEqualTo(Json.MAPPER.readTree("{\"repository\":\"app\",\"tag\":\"v1\"}"));
        // Go's encoder keeps id, method and useragent (no omitempty) and always writes actor and source.
        assertThat(events.get(0).get("request"))
                .isEqualTo(Json.MAPPER.readTree("{\"id\":\"r1\",\"method\":\"DELETE\",\"useragent\":\"\"}"));
        assertThat(events.get(0).get("actor")).isEqualTo(Json.object());
        assertThat(events.get(0).get("source")).isEqualTo(Json.MAPPER.readTree("{\"addr\":\"host:5000\"}"));
        assertThat(events.get(0).get("action").asText()).isEqualTo("delete");
    }

    @Test
    void mountsNameTheirSourceRepository() throws Exception {
        Event mount = new Event(
                "e",
                WHEN,
                Action.MOUNT,
                Target.content("to", "application/octet-stream", "sha256:ab", 3L, "http://r/v2/to/blobs/sha256:ab")
                        .withFromRepository("from"),
                REQUEST,
                "alice");

        JsonNode event = Json.MAPPER
                .readTree(Envelope.json(List.of(mount), SOURCE))
                .get("events")
                .get(0);

        assertThat(event.get("action").asText()).isEqualTo("mount");
        assertThat(event.get("target").get("fromRepository").asText()).isEqualTo("from");
    }

    /** Every object's field names, depth first: the order receivers see. */
    private static List<String> fieldOrder(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                names.add(e.getKey());
                names.addAll(fieldOrder(e.getValue()));
            });
        } else if (node.isArray()) {
            node.forEach(item -> names.addAll(fieldOrder(item)));
        }
        return names;
    }
}
