package dev.berth.storage.s3;

import dev.berth.storage.ListPage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link Storage} on an S3 bucket (AWS S3 or a compatible service), shared safely by several
 * servers: each object is the key {@code prefix + path}, and uploads keep their state in the bucket
 * too (see {@link S3Keys} for the layout).
 *
 * <p>{@link #put} is one {@code PutObject}, atomic in S3. {@link #move} copies inside S3 and then
 * deletes the source, see {@link ObjectCopier}. Uploads are multipart uploads, see
 * {@link S3Uploads}. Every S3 failure left after the client's own retries is a
 * {@link StorageException}.
 */
public final class S3Storage implements Storage {

    private final S3StorageConfig config;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final boolean ownsClients;
    private final String bucket;
    private final S3Keys keys;
    private final DirectoryLister lister;
    private final ObjectCopier copier;
    private final BulkDelete bulkDelete;
    private final S3Uploads uploads;
    private final OrphanPurge orphans;

    /**
     * A store on clients the caller built and still owns: {@link #close()} leaves them open.
     *
     * @param presigner signs {@link #presignedGet} URLs; may be null when redirects are off
     */
    public S3Storage(S3StorageConfig config, S3Client s3, S3Presigner presigner) {
        this(config, s3, presigner, ObjectCopier.MAX_SINGLE_COPY, false);
    }

    /** {@code copyThreshold}: objects above it are copied in {@code UploadPartCopy} ranges. */
    S3Storage(S3StorageConfig config, S3Client s3, S3Presigner presigner, long copyThreshold, boolean ownsClients) {
        this.config = config;
        this.s3 = s3;
        this.presigner = presigner;
        this.ownsClients = ownsClients;
        this.bucket = config.bucket();
        this.keys = new S3Keys(config.prefix());
        this.lister = new DirectoryLister(s3, bucket);
        this.copier = new ObjectCopier(s3, bucket, copyThreshold);
        this.bulkDelete = new BulkDelete(s3, bucket);
        UploadStore store = new UploadStore(
                s3, bucket, keys, bulkDelete, new ConditionalWrites(s3, bucket, keys, config.conditionalWrites()));
        this.uploads = new S3Uploads(s3, bucket, keys, store, copier, config.partSize());
        this.orphans = new OrphanPurge(s3, bucket, keys, store);
    }

    /**
     * A store with its own clients (Apache HTTP client, standard retries with backoff), after
     * checking that the bucket is reachable.
     *
     * @throws StorageException when the bucket does not exist or cannot be reached
     */
    public static S3Storage create(S3StorageConfig config) {
        S3Client s3;
        S3Presigner presigner = null;
        try {
            s3 = S3Clients.client(config);
        } catch (SdkException e) {
            throw new StorageException("cannot set up the S3 client: " + e.getMessage(), e);
        }
        try {
            presigner = config.presignedRedirect() ? S3Clients.presigner(config) : null;
        } catch (SdkException e) {
            s3.close();
            throw new StorageException("cannot set up the S3 presigner: " + e.getMessage(), e);
        }
        S3Storage storage = new S3Storage(config, s3, presigner, ObjectCopier.MAX_SINGLE_COPY, true);
        try {
            S3Errors.call(
                    "cannot reach S3 bucket " + config.bucket(), () -> s3.headBucket(r -> r.bucket(config.bucket())));
        } catch (StorageException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    public S3StorageConfig config() {
        return config;
    }

    /**
     * A URL that fetches the object at {@code path} without credentials for {@code ttl}, for
     * redirecting blob GETs to S3; empty when the configuration turns redirects off. It does not
     * check that the object exists.
     */
    public Optional<URI> presignedGet(StoragePath path, Duration ttl) {
        if (!config.presignedRedirect() || presigner == null) {
            return Optional.empty();
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(S3StorageConfig.MAX_PRESIGN_EXPIRY) > 0) {
            throw new IllegalArgumentException("presigned URL lifetime out of range: " + ttl);
        }
        String key = keys.object(path);
        try {
            return Optional.of(presigner
                    .presignGetObject(p -> p.signatureDuration(ttl)
                            .getObjectRequest(r -> r.bucket(bucket).key(key)))
                    .url()
                    .toURI());
        } catch (SdkException | URISyntaxException e) {
            throw new StorageException("cannot presign a GET of " + path, e);
        }
    }

    /** {@link #presignedGet(StoragePath, Duration)} for the configured expiry. */
    @Override
    public Optional<URI> presignedGet(StoragePath path) {
        return presignedGet(path, config.presignExpiry());
    }

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        return head(keys.object(path), path).map(h -> new ObjectInfo(path, h.contentLength(), h.lastModified()));
    }

    @Override
    public InputStream read(StoragePath path, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        GetObjectRequest.Builder request =
                GetObjectRequest.builder().bucket(bucket).key(keys.object(path));
        if (offset > 0) {
            request.range("bytes=" + offset + "-");
        }
        try {
            return new AbortingInputStream(s3.getObject(request.build()));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                throw new ObjectNotFoundException(path);
            }
            if (S3Errors.isInvalidRange(e)) {
                return emptyAtEnd(path, offset);
            }
            throw S3Errors.failure("cannot read " + path, e);
        }
    }

    /** S3 refuses a range starting at the end; the SPI reads nothing there. */
    private InputStream emptyAtEnd(StoragePath path, long offset) {
        long size =
                stat(path).orElseThrow(() -> new ObjectNotFoundException(path)).size();
        if (offset != size) {
            throw new IllegalArgumentException("offset " + offset + " beyond size " + size + " of " + path);
        }
        return InputStream.nullInputStream();
    }

    @Override
    public void put(StoragePath path, byte[] content) {
        S3Errors.call(
                "cannot store " + path,
                () -> s3.putObject(r -> r.bucket(bucket).key(keys.object(path)), RequestBody.fromBytes(content)));
    }

    @Override
    public Upload upload(StoragePath path) {
        return new S3Upload(uploads, path);
    }

    /** Aborts orphaned multipart uploads and deletes unreferenced pieces, see {@link OrphanPurge}. */
    @Override
    public int purgeLeftovers(Duration olderThan) {
        return orphans.purge(olderThan);
    }

    @Override
    public void move(StoragePath source, StoragePath target) {
        String sourceKey = keys.object(source);
        HeadObjectResponse head = head(sourceKey, source).orElseThrow(() -> new ObjectNotFoundException(source));
        if (source.equals(target)) {
            return;
        }
        try {
            copier.copy(sourceKey, keys.object(target), head.contentLength(), head.eTag());
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                throw new ObjectNotFoundException(source);
            }
            if (S3Errors.isPreconditionFailed(e)) {
                throw new StorageException("cannot move " + source + ": replaced while being copied", e);
            }
            throw S3Errors.failure("cannot move " + source + " to " + target, e);
        }
        S3Errors.call(
                "cannot delete " + source + " after copying it to " + target,
                () -> s3.deleteObject(r -> r.bucket(bucket).key(sourceKey)));
    }

    @Override
    public boolean delete(StoragePath path) {
        String key = keys.object(path);
        if (head(key, path).isEmpty()) {
            return false;
        }
        S3Errors.call(
                "cannot delete " + path,
                () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
        return true;
    }

    @Override
    public void deleteAll(StoragePath prefix) {
        bulkDelete.deleteUnder(keys.below(prefix), k -> false, List.of(keys.object(prefix)));
    }

    @Override
    public ListPage list(StoragePath directory, String startAfter, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return lister.list(keys.below(directory), startAfter, limit);
    }

    @Override
    public void walk(StoragePath prefix, Consumer<ObjectInfo> visitor) {
        Optional<ObjectInfo> self = stat(prefix);
        self.ifPresent(visitor);
        String below = keys.below(prefix);
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = S3Errors.call(
                    "cannot list " + prefix,
                    () -> s3.listObjectsV2(r -> r.bucket(bucket).prefix(below).continuationToken(continuation)));
            for (S3Object object : page.contents()) {
                keys.path(object.key())
                        .ifPresent(path -> visitor.accept(new ObjectInfo(path, object.size(), object.lastModified())));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    @Override
    public void close() {
        if (ownsClients) {
            s3.close();
            if (presigner != null) {
                presigner.close();
            }
        }
    }

    private Optional<HeadObjectResponse> head(String key, StoragePath path) {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Errors.failure("cannot stat " + path, e);
        }
    }
}
