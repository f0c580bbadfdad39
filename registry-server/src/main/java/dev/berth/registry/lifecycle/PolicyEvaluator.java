package dev.berth.registry.lifecycle;

import dev.berth.registry.lifecycle.LifecycleRule.CountType;
import dev.berth.registry.model.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which images a policy expires: a pure function of the images, the policy and the time, with
 * Amazon ECR's evaluation rules.
 *
 * <ul>
 *   <li>Rules go by priority, lowest value first. Each looks at every image that meets its tagging
 *       requirements ({@link LifecycleRule#matchesTags}), whatever rules before it decided, and
 *       selects, among them, the ones past its count: all but the newest {@code countNumber}
 *       ({@code imageCountMoreThan}), or those pushed more than {@code countNumber} days ago
 *       ({@code sinceImagePushed}). Newest means latest push; equal push times go by digest.
 *   <li>A rule expires what it selects, except an image that met the tagging requirements of a
 *       rule of higher priority (which alone decides about it): so an image is expired by one rule
 *       at most, and a rule that keeps images ({@code imageCountMoreThan 9999}) shields them from
 *       the rules after it.
 * </ul>
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    /**
     * The decision about every image some rule selected, in rule order, by the first rule that
     * selected it; an image no rule selected is kept and not listed.
     */
    public static List<Decision> evaluate(List<Image> images, LifecyclePolicy policy, Instant now) {
        List<Decision> out = new ArrayList<>();
        Set<Digest> decided = new HashSet<>();
        Map<Digest, LifecycleRule> claimedBy = new HashMap<>();
        for (LifecycleRule rule : policy.rules()) {
            List<Image> matching = images.stream()
                    .filter(i -> rule.matchesTags(i.tags()))
                    .sorted(Comparator.comparing(Image::pushedAt).reversed().thenComparing(i -> i.digest()
                            .toString()))
                    .toList();
            for (int rank = 0; rank < matching.size(); rank++) {
                Image image = matching.get(rank);
                String why = selected(rule, image, rank, matching.size(), now);
                if (why == null || decided.contains(image.digest())) {
                    continue;
                }
                LifecycleRule first = claimedBy.get(image.digest());
                Decision decision = first == null
                        ? new Decision(image.digest(), rule, true, why)
                        : new Decision(
                                image.digest(),
                                rule,
                                false,
                                why + ", but its tags match rule " + first.priority() + " first, which keeps it");
                decided.add(image.digest());
                out.add(decision);
            }
            matching.forEach(i -> claimedBy.putIfAbsent(i.digest(), rule));
        }
        return out;
    }

    /** Why {@code rule} selects the image ranked {@code rank} (0 is the newest) of its matches; null when it does not. */
    private static String selected(LifecycleRule rule, Image image, int rank, int matching, Instant now) {
        if (rule.countType() == CountType.IMAGE_COUNT_MORE_THAN) {
            return rank < rule.countNumber()
                    ? null
                    : "image " + (rank + 1) + " of " + matching + " by push time matching " + rule.selection()
                            + ", which keeps the newest " + rule.countNumber() + " (imageCountMoreThan)";
        }
        Instant limit = now.minus(rule.age());
        return !image.pushedAt().isBefore(limit)
                ? null
                : "pushed " + image.pushedAt() + ", "
                        + Duration.between(image.pushedAt(), now).toDays()
                        + " days ago, more than the " + rule.countNumber() + " days of sinceImagePushed for "
                        + rule.selection();
    }
}
