package dev.berth.registry.content;

import dev.berth.registry.model.RepositoryName;
import java.util.function.Predicate;

/**
 * Which repositories a caller may pull, as content needs to know it: {@code mayPull} answers for
 * one repository; {@code everything} says that no rule restricts the caller, so lookups on its
 * behalf may use the whole store instead of filtering repository by repository.
 */
public record PullRights(Predicate<RepositoryName> mayPull, boolean everything) {
    boolean mayPull(RepositoryName repository) {
        return mayPull.test(repository);
    }
}
