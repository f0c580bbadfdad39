package dev.berth.registry.content;

/** Which images a listing shows, by whether a tag points at them (ECR's {@code tagStatus} filter). */
public enum TagStatus {
    TAGGED,
    UNTAGGED,
    ANY;

    boolean accepts(boolean tagged) {
        return this == ANY || (this == TAGGED) == tagged;
    }
}
