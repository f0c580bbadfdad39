package dev.berth.registry;

import dev.berth.registry.auth.KeyDirectory;
import dev.berth.registry.content.RegistryLayout;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@link KeyDirectory} of a store: one small object per key under {@link RegistryLayout#tokenKeys()}. */
final class StoredKeyDirectory implements KeyDirectory {
    private final Storage storage;

    StoredKeyDirectory(Storage storage) {
        this.storage = storage;
    }

    @Override
    public void publish(String keyId, byte[] content) {
        storage.put(RegistryLayout.tokenKey(keyId), content);
    }

    @Override
    public Optional<Entry> find(String keyId) {
        return read(RegistryLayout.tokenKey(keyId), keyId);
    }

    @Override
    public List<Entry> all() {
        List<ObjectInfo> objects = new ArrayList<>();
        storage.walk(RegistryLayout.tokenKeys(), objects::add);
        List<Entry> entries = new ArrayList<>();
        for (ObjectInfo object : objects) {
            RegistryLayout.tokenKeyId(object.path())
                    .flatMap(id -> read(object.path(), id))
                    .ifPresent(entries::add);
        }
        return entries;
    }

    @Override
    public void remove(String keyId) {
        storage.delete(RegistryLayout.tokenKey(keyId));
    }

    private Optional<Entry> read(StoragePath path, String keyId) {
        Optional<ObjectInfo> info = storage.stat(path);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new Entry(keyId, storage.readAll(path), info.get().lastModified()));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
