package dev.berth.registry.metrics;

import static dev.berth.registry.testing.AuthFixtures.basic;
import static dev.berth.registry.testing.TestClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import dev.berth.registry.testing.AuthFixtures;
import dev.berth.registry.testing.TestClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} of a running server: values that move after a push, a failed login and a GC run. */
class ServerMetricsTest {
    private static final String MANIFEST_ROUTE = "/v2/{name}/manifests/{reference}";
    private static final String COUNT = "berth_http_server_requests_seconds_count";

    @TempDir
    Path dir;

    private ConfigLoader config() {
        return config(new ConfigLoader());
    }

    private ConfigLoader config(ConfigLoader base) {
        return base.set(ConfigKey.LISTEN, "127.0.0.1:0")
                .set(ConfigKey.STORAGE, dir.resolve("storage").toString())
                .set(ConfigKey.GC_INTERVAL, "0")
                .set(ConfigKey.GC_GRACE, "40ms");
    }

    private static ConfigLoader withMetricsListener(ConfigLoader config) {
        return config.set(ConfigKey.METRICS_LISTEN, "127.0.0.1:0");
    }

    @Test
    void aPushCountsItsRequestsBytesAndStorageCallsByRouteTemplateNeverByRepository() throws Exception {
        try (RegistryServer server = RegistryServer.start(config().load())) {
            TestClient client = TestClient.on(server.port());
            Scrape before = scrape(client);
            String repository = "unique-" + UUID.randomUUID().toString().substring(0, 8) + "/app";

            byte[] manifest = client.pushImage(repository, "1.0");

            Scrape after = scrape(client);
            String[] manifestPut = {"route", MANIFEST_ROUTE, "method", "PUT", "status", "201"};
            assertThat(after.value(COUNT, manifestPut) - before.value(COUNT, manifestPut))
                    .isEqualTo(1);
            assertThat(after.value(
                            "berth_http_server_requests_seconds_bucket",
                            "route",
                            MANIFEST_ROUTE,
                            "method",
                            "PUT",
                            "status",
                            "201",
                            "le",
                            "+Inf"))
                    .isEqualTo(1);
            assertThat(after.value(COUNT, "route", "/v2/{name}/blobs/uploads/", "method", "POST", "status", "201"))
                    .isEqualTo(2);
            assertThat(after.value("berth_http_server_received_bytes_total", "route", MANIFEST_ROUTE)
                            - before.value("berth_http_server_received_bytes_total", "route", MANIFEST_ROUTE))
                    .isEqualTo(manifest.length);
            for (String operation : new String[] {"put", "stat"}) {
                String[] labels = {"driver", "file", "operation", operation, "outcome", "success"};
                assertThat(after.value("berth_storage_operations_seconds_count", labels))
                        .as(operation)
                        .isGreaterThan(before.value("berth_storage_operations_seconds_count", labels));
            }
            assertThat(after.series()).containsEntry("berth_uploads_active", 0.0);
            assertThat(after.text()).doesNotContain(repository).doesNotContain("unique-");

            // Raw paths never become labels: a path that matches no route counts as "unmatched".
            assertThat(client.status("GET", "/v2/" + repository + "/nothing-here"))
                    .isEqualTo(404);
            Scrape unmatched = scrape(client);
            assertThat(unmatched.value(COUNT, "route", "unmatched", "method", "GET", "status", "404"))
                    .isEqualTo(1);
            assertThat(unmatched.text()).doesNotContain("unique-");
        }
    }

    @Test
    void failedLoginsAreCountedAsRefusedThenThrottled() throws Exception {
        ConfigLoader auth = AuthFixtures.config(dir, AuthConfig.Mode.BASIC)
                .set(
                        ConfigKey.AUTH_USERS,
                        AuthFixtures.usersFile(dir, "alice", "correct-horse", "bob", "battery-staple")
                                .toString())
                .set(ConfigKey.AUTH_THROTTLE_FAILURES, "1");
        try (RegistryServer server =
                RegistryServer.start(withMetricsListener(config(auth)).load())) {
            TestClient client = TestClient.on(server.port());
            TestClient metrics =
                    TestClient.on(server.metricsAddress().orElseThrow().getPort());
            assertThat(scrape(metrics).value("berth_auth_decisions_total")).isZero();

            assertThat(client.as(basic("alice", "wrong-horse")).status("GET", "/v2/"))
                    .isEqualTo(401);
            assertThat(client.as(basic("alice", "wrong-horse")).status("GET", "/v2/"))
                    .isEqualTo(429);
            assertThat(client.as(basic("bob", "battery-staple")).status("GET", "/v2/"))
                    .isEqualTo(200);

            Scrape after = scrape(metrics);
            for (String outcome : new String[] {"refused", "throttled", "granted"}) {
                assertThat(after.value("berth_auth_decisions_total", "outcome", outcome, "source", "request"))
                        .as(outcome)
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void failedTokenLoginsAreCountedForTheTokenService() throws Exception {
        ConfigLoader auth = AuthFixtures.config(dir, AuthConfig.Mode.TOKEN)
                .set(
                        ConfigKey.AUTH_USERS,
                        AuthFixtures.usersFile(dir, "alice", "correct-horse").toString());
        try (RegistryServer server =
                RegistryServer.start(withMetricsListener(config(auth)).load())) {
            TestClient client = TestClient.on(server.port());
            TestClient metrics =
                    TestClient.on(server.metricsAddress().orElseThrow().getPort());

            assertThat(client.as(basic("alice", "wrong-horse")).status("GET", "/token?service=berth"))
                    .isEqualTo(401);
            assertThat(client.as(basic("alice", "correct-horse")).status("GET", "/token?service=berth"))
                    .isEqualTo(200);

            Scrape after = scrape(metrics);
            assertThat(after.value("berth_auth_decisions_total", "outcome", "refused", "source", "token"))
                    .isEqualTo(1);
            assertThat(after.value("berth_auth_decisions_total", "outcome", "granted", "source", "token"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aGcRunIsCountedWithWhatItReclaimed() throws Exception {
        try (RegistryServer server = RegistryServer.start(config().load())) {
            TestClient client = TestClient.on(server.port());
            byte[] orphan = "orphan".getBytes(StandardCharsets.UTF_8);
            assertThat(client.send("POST", "/v2/gc/test/blobs/uploads/?digest=" + sha256(orphan), orphan, null)
                            .statusCode())
                    .isEqualTo(201);
            Thread.sleep(200);
            assertThat(scrape(client).value("berth_gc_runs_total")).isZero();

            assertThat(client.status("POST", "/admin/gc?dry-run=true")).isEqualTo(200);
            assertThat(client.status("POST", "/admin/gc")).isEqualTo(200);

            Scrape after = scrape(client);
            assertThat(after.value("berth_gc_runs_total", "result", "completed"))
                    .isEqualTo(1);
            assertThat(after.value("berth_gc_runs_total", "result", "dry_run")).isEqualTo(1);
            assertThat(after.value("berth_gc_duration_seconds_count")).isEqualTo(2);
            assertThat(after.value("berth_gc_blobs_reclaimed_total")).isEqualTo(1);
            assertThat(after.value("berth_gc_reclaimed_bytes_total")).isEqualTo(orphan.length);
            assertThat(after.value("berth_gc_last_completed_timestamp_seconds")).isPositive();
            assertThat(after.value("berth_storage_operations_seconds_count", "operation", "delete"))
                    .isPositive();
        }
    }

    @Test
    void jvmAndProcessMetricsAreThere() throws Exception {
        try (RegistryServer server = RegistryServer.start(config().load())) {
            Scrape scrape = scrape(TestClient.on(server.port()));
            for (String name : new String[] {
                "jvm_memory_used_bytes",
                "jvm_gc_",
                "jvm_threads_live_threads",
                "jvm_classes_loaded_classes",
                "jvm_info",
                "process_cpu_usage",
                "system_cpu_count",
                "process_uptime_seconds",
                "process_files_open_files"
            }) {
                assertThat(scrape.series().keySet()).as(name).anyMatch(k -> k.startsWith(name));
            }
        }
    }

    @Test
    void onTheMainListenerMetricsNeedCredentialsAndOnTheirOwnListenerNone() throws Exception {
        ConfigLoader auth = AuthFixtures.config(dir, AuthConfig.Mode.BASIC)
                .set(
                        ConfigKey.AUTH_USERS,
                        AuthFixtures.usersFile(dir, "alice", "correct-horse").toString());
        String alice = basic("alice", "correct-horse");
        try (RegistryServer server = RegistryServer.start(config(auth).load())) {
            TestClient client = TestClient.on(server.port());
            assertThat(server.metricsAddress()).isEmpty();
            assertThat(client.status("GET", "/metrics")).isEqualTo(401);
            HttpResponse<String> scraped = client.as(alice).send("GET", "/metrics", null, null);
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
        }
        try (RegistryServer server =
                RegistryServer.start(withMetricsListener(config(auth)).load())) {
            TestClient client = TestClient.on(server.port());
            TestClient metrics =
                    TestClient.on(server.metricsAddress().orElseThrow().getPort());
            assertThat(client.as(alice).status("GET", "/metrics")).isEqualTo(404);
            assertThat(client.as(alice).status("GET", "/v2/")).isEqualTo(200);
            assertThat(scrape(metrics).value(COUNT, "route", "/v2/", "method", "GET", "status", "200"))
                    .isEqualTo(1);
            assertThat(metrics.status("GET", "/v2/")).isEqualTo(404);
        }
    }

    @Test
    void aMetricsListenWithoutPortIsAConfigError() {
        assertThatThrownBy(() -> RegistryServer.start(
                        config().set(ConfigKey.METRICS_LISTEN, "nowhere").load()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.listen");
    }

    private static Scrape scrape(TestClient client) throws Exception {
        HttpResponse<String> r = client.send("GET", "/metrics", null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Scrape.parse(r.body());
    }
}
