package dev.berth.storage;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The resumable upload at one path, as {@link Storage#upload} names it. Getting the handle makes no
 * call to the store and does not create the upload; each method below is one operation on it. An
 * upload is not an object: {@link Storage#stat}, {@link Storage#read}, {@link Storage#list} and
 * {@link Storage#walk} may or may not see it, and only these methods are defined on it. A handle
 * holds no state of its own, so it is safe to use from several threads, and two handles on the same
 * path are the same upload.
 */
public interface Upload {

    /**
     * Bytes the upload holds as committed by writers that closed (a writer still open adds nothing
     * yet), or empty when there is no upload here.
     */
    OptionalLong size();

    /**
     * Opens the upload for appending; an upload that is not there yet is there, with what was
     * written, once this writer closes (a driver may create it empty on opening already). Bytes
     * written are durable and counted by {@link #size} once {@link AppendWriter#close()} returns,
     * and not counted before; {@link AppendWriter#abandon()} leaves the upload as it was when this
     * writer opened (where there was none: none, or an empty one). Only one writer per upload may
     * be open at a time (callers serialise), but successive writers may come from different
     * processes sharing the store. Where writers from several processes do meet on one upload, at
     * most one of them changes it: the others fail with {@link UploadConflictException} from this
     * method, {@link AppendWriter#write} or {@link AppendWriter#close()}, having kept nothing, and
     * the upload holds exactly the winner's bytes. When the driver finds that bytes the upload holds are lost, the writer throws
     * {@link ObjectNotFoundException} and the upload is removed.
     */
    AppendWriter writer();

    /**
     * Like {@link #writer()}, for an upload that must be there already: empty, creating nothing,
     * when there is no upload here. Drivers that read the upload's state to open a writer read it
     * once for both.
     */
    default Optional<AppendWriter> existingWriter() {
        return size().isPresent() ? Optional.of(writer()) : Optional.empty();
    }

    /**
     * Makes the upload's bytes the object at {@code target}, replacing any object there, and ends
     * the upload. Atomic and durable when it returns: the target holds every byte of the upload or,
     * on failure, is unchanged and the upload is kept. A crash part-way leaves one of the two as
     * well: the upload, which can be completed again, or the target and no upload (what the upload
     * still owned then is removed by {@link #cancel}).
     *
     * @throws ObjectNotFoundException when there is no upload here, or when the driver finds that
     *     bytes the upload needs are lost (it then removes the upload)
     */
    void complete(StoragePath target);

    /**
     * Discards the upload and its bytes, and whatever an interrupted {@link #complete} left of it.
     * Returns false when there was no upload.
     */
    boolean cancel();
}
