package dev.berth.registry.model;

import dev.berth.registry.error.RegistryException;
import java.util.Optional;

/** What follows {@code /manifests/}: a tag or a digest, exactly one of them non-null. */
public record Reference(Tag tag, Digest digest) {

    public Reference {
        if ((tag == null) == (digest == null)) {
            throw new IllegalArgumentException("a reference is a tag or a digest");
        }
    }

    public static Reference parse(String text) {
        return text.indexOf(':') >= 0 ? new Reference(null, Digest.parse(text)) : new Reference(new Tag(text), null);
    }

    /** The reference {@code text} spells, or empty when it is neither a valid tag nor a valid digest. */
    public static Optional<Reference> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (RegistryException e) {
            return Optional.empty();
        }
    }

    public boolean isDigest() {
        return digest != null;
    }

    @Override
    public String toString() {
        return isDigest() ? digest.toString() : tag.toString();
    }
}
