package dev.berth.registry.content;

import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deletes several images of a repository in one call (ECR's {@code batch-delete-image}), each as
 * {@code DELETE /v2/<name>/manifests/<reference>} would: a tag deletes only the tag; a digest
 * deletes the revision with every tag pointing at it. Both given: the tag, if it points at that
 * digest. Each image succeeds or fails on its own; the call as a whole never fails for one of them.
 */
public final class ImageDeletions {
    /** Images one call may name, as in ECR. */
    public static final int MAX_IMAGES = 100;

    /** Why one image was not deleted, with ECR's failure codes. */
    public record Failure(ImageId imageId, String code, String reason) {}

    /** What was deleted (tag deletions with the digest the tag pointed at) and what failed. */
    public record Result(List<ImageId> deleted, List<Failure> failures) {
        public Result {
            deleted = List.copyOf(deleted);
            failures = List.copyOf(failures);
        }
    }

    private final ManifestStore manifests;
    private final TagStore tags;

    ImageDeletions(ManifestStore manifests, TagStore tags) {
        this.manifests = manifests;
        this.tags = tags;
    }

    public Result delete(RepositoryName repository, List<ImageId> images) {
        List<ImageId> deleted = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (ImageId image : images) {
            Optional<Failure> failure = delete(repository, image, deleted);
            failure.ifPresent(failures::add);
        }
        return new Result(deleted, failures);
    }

    private Optional<Failure> delete(RepositoryName repository, ImageId image, List<ImageId> deleted) {
        if (image.digest().isEmpty() && image.tag().isEmpty()) {
            return fail(image, "MissingDigestAndTag", "give imageDigest, imageTag or both");
        }
        Optional<Digest> digest = Optional.empty();
        if (image.digest().isPresent()) {
            try {
                digest = Optional.of(Digest.parse(image.digest().get()));
            } catch (RegistryException e) {
                return fail(image, "InvalidImageDigest", e.getMessage());
            }
        }
        if (image.tag().isEmpty()) {
            return manifests.delete(repository, new Reference(null, digest.get()))
                    ? done(image, deleted)
                    : fail(image, "ImageNotFound", "no image with this digest in the repository");
        }
        if (!Tag.isValid(image.tag().get())) {
            return fail(image, "InvalidImageTag", "invalid tag");
        }
        Tag tag = new Tag(image.tag().get());
        Optional<Digest> target = tags.resolve(repository, tag);
        if (target.isEmpty()) {
            return fail(image, "ImageNotFound", "no such tag in the repository");
        }
        if (digest.isPresent() && !digest.equals(target)) {
            return fail(image, "ImageTagDoesNotMatchDigest", "the tag points at " + target.get());
        }
        return manifests.delete(repository, new Reference(tag, null))
                ? done(new ImageId(Optional.of(target.get().toString()), image.tag()), deleted)
                : fail(image, "ImageNotFound", "no such tag in the repository");
    }

    private static Optional<Failure> done(ImageId image, List<ImageId> deleted) {
        deleted.add(image);
        return Optional.empty();
    }

    private static Optional<Failure> fail(ImageId image, String code, String reason) {
        return Optional.of(new Failure(image, code, reason));
    }
}
