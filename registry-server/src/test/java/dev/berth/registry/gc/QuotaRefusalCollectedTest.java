package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.content.RegistryLayout;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.QuotaRule;
import dev.berth.registry.model.RepositoryGlob;
import dev.berth.registry.model.RepositoryRules;
import dev.berth.storage.StoragePath;
import dev.berth.storage.memory.InMemoryStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an image refused for its quota uploaded is not kept: the refusal takes it out of the
 * repository at once, and the next collection after the grace period leaves the store as it was
 * before the push began.
 */
class QuotaRefusalCollectedTest {
    final Store store = new Store(
            new InMemoryStorage(),
            Duration.ofHours(1),
            Clock.systemUTC(),
            new RepositoryRules(
                    List.of(),
                    List.of(new QuotaRule(List.of(new RepositoryGlob("app")), 1000, QuotaRule.Per.REPOSITORY))));

    @Test
    void theNextCollectionRemovesEverythingTheRefusedPushStored() {
        Digest config = store.blob("app", "{}");
        store.image("app", "v1", config, store.blob("app", new byte[600]));
        Map<StoragePath, String> before = store.listing();

        Digest one = store.blob("app", new byte[300]);
        Digest two = store.blob("app", new byte[301]);
        assertThatThrownBy(() -> store.image("app", "v2", config, one, two))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DENIED));
        assertThat(store.listing())
                .as("the store after the refusal")
                .containsKeys(RegistryLayout.blob(one), RegistryLayout.blob(two));

        GcReport report = store.collector(Duration.ofHours(2)).run(GcOptions.defaults());

        assertThat(report.blobsSwept()).isEqualTo(2);
        Map<StoragePath, String> after = store.listing();
        after.keySet()
                .removeIf(path -> path.equals(RegistryLayout.gcLastRun()) || path.equals(RegistryLayout.gcReserve()));
        assertThat(after).as("the store after the next collection").isEqualTo(before);
    }
}
