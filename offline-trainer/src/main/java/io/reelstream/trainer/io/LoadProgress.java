package io.reelstream.trainer.io;

/** Bytes read so far of a file being loaded, for a progress bar. */
@FunctionalInterface
public interface LoadProgress {
    LoadProgress NONE = (file, read, total) -> { };

    void onProgress(String file, long bytesRead, long totalBytes);
}
