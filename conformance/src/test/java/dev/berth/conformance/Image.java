package dev.berth.conformance;

import java.util.List;

/** What {@link RegistryClient#pushImage} pushed, to check a pull against. */
public record Image(
        String repo,
        String tag,
        Descriptor config,
        byte[] configBytes,
        List<Descriptor> layers,
        List<byte[]> layerBytes,
        byte[] manifest,
        String digest) {

    public Descriptor descriptor() {
        return new Descriptor(MediaTypes.OCI_MANIFEST, digest, manifest.length);
    }
}
