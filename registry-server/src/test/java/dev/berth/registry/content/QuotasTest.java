package dev.berth.registry.content;

import static dev.berth.registry.content.Pushes.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.QuotaRule;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryGlob;
import dev.berth.registry.model.RepositoryRules;
import dev.berth.registry.model.UploadId;
import dev.berth.storage.memory.InMemoryStorage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class QuotasTest {
    static final QuotaRule PER_REPOSITORY = quota("team/**", 1000, QuotaRule.Per.REPOSITORY);
    static final QuotaRule PER_NAMESPACE = quota("team/**", 1500, QuotaRule.Per.NAMESPACE);

    final InMemoryStorage storage = new InMemoryStorage();

    static QuotaRule quota(String pattern, long limit, QuotaRule.Per per) {
        return new QuotaRule(List.of(new RepositoryGlob(pattern)), limit, per);
    }

    Pushes pushes(QuotaRule... quotas) {
        return new Pushes(storage, new RepositoryRules(List.of(), List.of(quotas)));
    }

    static Map<String, String> withoutKeysOf(Map<String, String> all, Digest... digests) {
        Map<String, String> rest = new TreeMap<>(all);
        rest.keySet().removeIf(path -> Arrays.stream(digests).anyMatch(d -> path.endsWith(d.hex())));
        return rest;
    }

    static void assertQuotaExceeded(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DENIED);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void usageCountsEachReferencedBlobOncePerRepositoryAndSharedOnesInEach() {
        Pushes pushes = pushes(PER_REPOSITORY);
        Digest config = pushes.blob("team/a", 10, 1);
        Digest base = pushes.blob("team/a", 300, 2);
        Digest top = pushes.blob("team/a", 200, 3);
        pushes.push("team/a", "v1", pushes.image(config, base));
        pushes.push("team/a", "v2", pushes.image(config, base, top));
        pushes.blob("team/a", 400, 4);
        assertThat(pushes.registry.quotas().usage(repo("team/a")))
                .as("config and base once, however many manifests share them; an unreferenced upload not at all")
                .containsExactly(new QuotaUsage(PER_REPOSITORY, 510));

        assertThat(pushes.registry.blobs().mount(repo("team/b"), base, Optional.of(repo("team/a"))))
                .isTrue();
        pushes.blob("team/b", 10, 1);
        pushes.pushByDigest("team/b", pushes.image(config, base));
        assertThat(pushes.registry.quotas().usage(repo("team/b")))
                .as("a layer stored once counts in each repository")
                .containsExactly(new QuotaUsage(PER_REPOSITORY, 310));

        pushes.registry
                .manifests()
                .delete(
                        repo("team/a"),
                        Reference.parse(
                                Pushes.digest(pushes.image(config, base, top)).toString()));
        assertThat(pushes.registry.quotas().usage(repo("team/a"))).containsExactly(new QuotaUsage(PER_REPOSITORY, 310));
        assertThat(pushes.registry.quotas().usage(repo("other"))).isEmpty();
        assertThat(pushes.registry.quotas().referencedBytes(repo("team/b"))).isEqualTo(310);
    }

    @Test
    void aManifestOverTheQuotaIsRefusedAndItsUploadsLeaveTheRepository() {
        Pushes pushes = pushes(PER_REPOSITORY);
        Digest config = pushes.blob("team/a", 10, 1);
        Digest base = pushes.blob("team/a", 600, 2);
        pushes.push("team/a", "v1", pushes.image(config, base));
        Map<String, String> before = pushes.everything();

        Digest top = pushes.blob("team/a", 300, 3);
        Digest more = pushes.blob("team/a", 300, 4);
        byte[] over = pushes.image(config, base, top, more);
        assertQuotaExceeded(
                () -> pushes.push("team/a", "v2", over),
                "quota team/** (1000 B per repository) exceeded: "
                        + "team/a would use 1.2 KiB of 1000 B (1210 of 1000 bytes)");

        assertThat(withoutKeysOf(pushes.everything(), top, more))
                .as("the store but for the new blobs' bytes and claims, which garbage collection reclaims")
                .isEqualTo(before);
        assertThat(pushes.registry.blobs().find(repo("team/a"), top)).isEmpty();
        assertThat(pushes.registry.blobs().find(repo("team/a"), base)).isPresent();

        byte[] fits = pushes.image(config, base, pushes.blob("team/a", 300, 3));
        pushes.push("team/a", "v2", fits);
        assertThat(pushes.registry.quotas().usage(repo("team/a"))).containsExactly(new QuotaUsage(PER_REPOSITORY, 910));
    }

    @Test
    void whatAddsNothingIsNeverRefusedEvenOverTheLimit() {
        Pushes unlimited = pushes();
        Digest config = unlimited.blob("team/a", 10, 1);
        Digest big = unlimited.blob("team/a", 1200, 2);
        Digest other = unlimited.blob("team/a", 5, 3);
        byte[] stored = unlimited.image(config, big);
        unlimited.push("team/a", "v1", stored);
        unlimited.pushByDigest("team/a", unlimited.image(config, other));
        Pushes limited = pushes(PER_REPOSITORY);
        assertThat(limited.registry.quotas().usage(repo("team/a")))
                .singleElement()
                .satisfies(u -> assertThat(u.remaining()).isEqualTo(-215));

        limited.push("team/a", "again", stored);
        limited.pushByDigest("team/a", unlimited.image(config, big, other), "combined");
        assertThat(limited.registry.quotas().usage(repo("team/a")))
                .containsExactly(new QuotaUsage(PER_REPOSITORY, 1215));
        assertQuotaExceeded(
                () -> limited.push("team/a", "v2", unlimited.image(config, limited.blob("team/a", 1, 9))),
                "quota team/** (1000 B per repository) exceeded: team/a would use 1.2 KiB of 1000 B (1216 of 1000 bytes)");
    }

    @Test
    void aBlobThatCannotFitOnItsOwnIsRefusedWhenItsUploadCompletesAndNothingIsKept() {
        Pushes pushes = pushes(PER_REPOSITORY);
        pushes.push("team/a", "v1", pushes.image(pushes.blob("team/a", 10, 1), pushes.blob("team/a", 600, 2)));
        Map<String, String> before = pushes.everything();

        assertQuotaExceeded(
                () -> pushes.blob("team/a", 400, 3),
                "quota team/** (1000 B per repository) exceeded: "
                        + "team/a would use 1010 B of 1000 B (1010 of 1000 bytes)");
        assertThat(pushes.everything())
                .as("the store after a refused upload in one request")
                .isEqualTo(before);

        Uploads uploads = pushes.registry.uploads();
        byte[] chunk = new byte[200];
        byte[] whole = new byte[400];
        Digest digest = Digest.of(DigestAlgorithm.SHA256, whole);
        UploadId id = uploads.start(repo("team/a"), DigestAlgorithm.SHA256).id();
        uploads.append(repo("team/a"), id, Optional.of(0L), ChunkSources.of(chunk));
        assertQuotaExceeded(
                () -> uploads.complete(repo("team/a"), id, digest, Optional.of(200L), ChunkSources.of(chunk)),
                "quota team/** (1000 B per repository) exceeded: "
                        + "team/a would use 1010 B of 1000 B (1010 of 1000 bytes)");
        assertThat(pushes.everything())
                .as("the store after a refused upload in chunks")
                .isEqualTo(before);
        assertThatThrownBy(() -> uploads.status(repo("team/a"), id))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOB_UPLOAD_UNKNOWN));

        // A blob the repository references already adds nothing; one that just fits is taken.
        pushes.blob("team/a", 600, 2);
        pushes.blob("team/a", 390, 4);
    }

    @Test
    void aNamespaceQuotaAddsUpItsRepositoriesAndEveryQuotaApplies() {
        Pushes pushes = pushes(PER_REPOSITORY, PER_NAMESPACE);
        Digest config = pushes.blob("team/a", 10, 1);
        pushes.push("team/a", "v1", pushes.image(config, pushes.blob("team/a", 700, 2)));
        pushes.blob("team/b/c", 10, 1);
        pushes.push("team/b/c", "v1", pushes.image(config, pushes.blob("team/b/c", 500, 3)));
        pushes.blob("teams", 10, 1);
        pushes.push("teams", "v1", pushes.image(config, pushes.blob("teams", 900, 4)));
        assertThat(pushes.registry.quotas().usage(repo("team/b/c")))
                .containsExactly(new QuotaUsage(PER_REPOSITORY, 510), new QuotaUsage(PER_NAMESPACE, 1220));

        Digest one = pushes.blob("team/b/c", 150, 5);
        Digest two = pushes.blob("team/b/c", 150, 6);
        assertQuotaExceeded(
                () -> pushes.push("team/b/c", "v2", pushes.image(config, one, two)),
                "quota team/** (1.5 KiB per namespace) exceeded: the repositories it covers would use 1.5 KiB of "
                        + "1.5 KiB (1520 of 1500 bytes)");
        pushes.push("team/b/c", "v2", pushes.image(config, pushes.blob("team/b/c", 280, 7)));
        assertThat(pushes.registry.quotas().usage(repo("team/a")))
                .containsExactly(new QuotaUsage(PER_REPOSITORY, 710), new QuotaUsage(PER_NAMESPACE, 1500));
        assertQuotaExceeded(
                () -> pushes.blob("team/new", 1, 8),
                "quota team/** (1.5 KiB per namespace) exceeded: "
                        + "the repositories it covers would use 1.5 KiB of 1.5 KiB (1501 of 1500 bytes)");
    }
}
