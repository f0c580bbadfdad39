package dev.berth.registry.lifecycle;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One rule of an ECR lifecycle policy (action {@code expire}, the only one Berth knows).
 *
 * @param priority    {@code rulePriority}: rules are evaluated lowest first
 * @param description {@code description}, empty when absent
 * @param tagStatus   which images the rule looks at
 * @param prefixes    {@code tagPrefixList}: an image matches when each prefix starts one of its tags
 * @param patterns    {@code tagPatternList}: an image matches when each pattern ({@code *} any
 *     characters) matches one of its tags
 * @param countType   what {@code countNumber} counts
 * @param countNumber images kept ({@link CountType#IMAGE_COUNT_MORE_THAN}) or days
 *     ({@link CountType#SINCE_IMAGE_PUSHED})
 */
public record LifecycleRule(
        int priority,
        String description,
        TagStatus tagStatus,
        List<String> prefixes,
        List<String> patterns,
        CountType countType,
        int countNumber) {

    /** {@code selection.tagStatus}. */
    public enum TagStatus {
        TAGGED,
        UNTAGGED,
        ANY;

        /** As written in a policy. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code selection.countType}. */
    public enum CountType {
        IMAGE_COUNT_MORE_THAN("imageCountMoreThan"),
        SINCE_IMAGE_PUSHED("sinceImagePushed");

        private final String json;

        CountType(String json) {
            this.json = json;
        }

        /** As written in a policy. */
        public String json() {
            return json;
        }
    }

    public LifecycleRule {
        prefixes = List.copyOf(prefixes);
        patterns = List.copyOf(patterns);
    }

    /** Whether an image with {@code tags} meets the rule's tagging requirements. */
    public boolean matchesTags(Collection<String> tags) {
        return switch (tagStatus) {
            case ANY -> true;
            case UNTAGGED -> tags.isEmpty();
            case TAGGED ->
                !tags.isEmpty()
                        && prefixes.stream().allMatch(p -> tags.stream().anyMatch(t -> t.startsWith(p)))
                        && patterns.stream().map(LifecycleRule::regex).allMatch(p -> tags.stream()
                                .anyMatch(t -> p.matcher(t).matches()));
        };
    }

    /** {@code countNumber} days, for {@link CountType#SINCE_IMAGE_PUSHED}. */
    Duration age() {
        return Duration.ofDays(countNumber);
    }

    /** The selection as a policy writes it, for reasons: {@code tagStatus=tagged, tagPrefixList=[v]}. */
    String selection() {
        String tags = !prefixes.isEmpty()
                ? ", tagPrefixList=" + prefixes
                : !patterns.isEmpty() ? ", tagPatternList=" + patterns : "";
        return "tagStatus=" + tagStatus.json() + tags;
    }

    private static Pattern regex(String pattern) {
        return Pattern.compile(
                Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }
}
