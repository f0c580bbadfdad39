package dev.berth.registry.content;

import static dev.berth.registry.content.Pushes.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.ImmutableTagRule;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryGlob;
import dev.berth.registry.model.RepositoryRules;
import dev.berth.registry.model.Tag;
import dev.berth.registry.model.TagGlob;
import dev.berth.registry.testing.ForwardingStorage;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import dev.berth.storage.memory.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ImmutableTagsTest {
    static final RepositoryRules RULES = new RepositoryRules(
            List.of(new ImmutableTagRule(
                    List.of(new RepositoryGlob("team/**")), List.of(new TagGlob("latest"), new TagGlob("dev-*")))),
            List.of());

    final Pushes pushes = new Pushes(new InMemoryStorage(), RULES);
    final byte[] first;
    final byte[] second;

    ImmutableTagsTest() {
        first = image(pushes, "team/app", 1);
        second = image(pushes, "team/app", 2);
    }

    static byte[] image(Pushes pushes, String repository, int seed) {
        return pushes.image(pushes.blob(repository, 10, seed), pushes.blob(repository, 100, seed + 100));
    }

    Digest tag(String repository, String tag) {
        return pushes.registry.tags().resolve(repo(repository), new Tag(tag)).orElseThrow();
    }

    /** The call is refused with TAG_INVALID naming {@code tag}, and writes nothing. */
    void assertImmutable(String tag, ThrowingCallable call) {
        Map<String, String> before = pushes.everything();
        assertThatThrownBy(call).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TAG_INVALID);
            assertThat(e.getMessage()).startsWith("tag is immutable: " + tag + " already points at sha256:");
            assertThat(e.detail())
                    .isEqualTo(Map.of("tag", tag, "digest", Pushes.digest(first).toString()));
        });
        assertThat(pushes.everything()).as("the store after the refusal").isEqualTo(before);
    }

    @Test
    void movingATagIsRefusedBeforeAnythingIsWritten() {
        pushes.push("team/app", "v1", first);

        assertImmutable("v1", () -> pushes.push("team/app", "v1", second));
        assertThat(tag("team/app", "v1")).isEqualTo(Pushes.digest(first));
        assertThat(pushes.registry.manifests().isRevision(repo("team/app"), Pushes.digest(second)))
                .isFalse();
    }

    @Test
    void theDigestTheTagPointsAtMayBePushedAgain() {
        pushes.push("team/app", "v1", first);
        pushes.push("team/app", "v1", first);
        pushes.pushByDigest("team/app", first, "v1");
        assertThat(tag("team/app", "v1")).isEqualTo(Pushes.digest(first));
    }

    @Test
    void everyTagOfAPushIsCheckedAndNoneIsSetWhenOneIsRefused() {
        pushes.push("team/app", "v1", first);

        assertImmutable("v1", () -> pushes.pushByDigest("team/app", second, "v2", "v1"));
        assertImmutable("v1", () -> pushes.push("team/app", "v3", second, "v1"));
        assertThat(pushes.registry.tags().list(repo("team/app"), null, 10).names())
                .containsExactly("v1");
    }

    @Test
    void excludedTagsAndOtherRepositoriesMove() {
        for (String repository : List.of("team/app", "other/app")) {
            pushes.push(repository, "latest", image(pushes, repository, 1));
            pushes.push(repository, "latest", image(pushes, repository, 2));
            pushes.push(repository, "dev-7", image(pushes, repository, 1));
            pushes.push(repository, "dev-7", image(pushes, repository, 2));
            assertThat(tag(repository, "latest")).isEqualTo(Pushes.digest(second));
            assertThat(tag(repository, "dev-7")).isEqualTo(Pushes.digest(second));
        }
        pushes.push("other/app", "v1", image(pushes, "other/app", 1));
        pushes.push("other/app", "v1", image(pushes, "other/app", 2));
        assertThat(tag("other/app", "v1")).isEqualTo(Pushes.digest(second));
        assertThat(pushes.registry.immutableTags().isImmutable(repo("team/app/sub"), new Tag("v1")))
                .isTrue();
        assertThat(pushes.registry.immutableTags().isImmutable(repo("team/app"), new Tag("latest")))
                .isFalse();
    }

    @Test
    void aDeletedTagMayBePushedAnew() {
        pushes.push("team/app", "v1", first);
        assertThat(pushes.registry.manifests().delete(repo("team/app"), Reference.parse("v1")))
                .isTrue();

        pushes.push("team/app", "v1", second);
        assertThat(tag("team/app", "v1")).isEqualTo(Pushes.digest(second));
    }

    @Test
    void aTagSetElsewhereDuringThePushIsNotOverwritten() {
        // Another server sets v1 while this push writes its revision: the check just before the tag sees it.
        InMemoryStorage memory = new InMemoryStorage();
        StoragePath tagPath = new StoragePath("repositories/team/app/_tags/v1");
        String[] otherDigest = new String[1];
        Storage racing = new ForwardingStorage(memory) {
            @Override
            public void put(StoragePath path, byte[] content) {
                super.put(path, content);
                if (path.value().startsWith("repositories/team/app/_manifests/") && otherDigest[0] != null) {
                    super.put(tagPath, otherDigest[0].getBytes(StandardCharsets.UTF_8));
                }
            }
        };
        Pushes racy = new Pushes(racing, RULES);
        byte[] theirs = image(racy, "team/app", 1);
        byte[] ours = image(racy, "team/app", 2);
        racy.pushByDigest("team/app", theirs);
        otherDigest[0] = Pushes.digest(theirs).toString();

        assertThatThrownBy(() -> racy.push("team/app", "v1", ours))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TAG_INVALID));
        assertThat(racy.registry.tags().resolve(repo("team/app"), new Tag("v1")))
                .contains(Pushes.digest(theirs));
    }
}
