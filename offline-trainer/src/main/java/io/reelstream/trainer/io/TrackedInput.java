package io.reelstream.trainer.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file stream that hashes (SHA-256, the data fingerprint) and counts what it reads, reporting
 * progress about every megabyte: one pass over the bytes serves parsing, fingerprint and progress bar.
 */
final class TrackedInput extends FilterInputStream {
    private static final long REPORT_EVERY = 1 << 20;

    private final MessageDigest digest;
    private final String name;
    private final long total;
    private final LoadProgress progress;
    private long read;
    private long nextReport = REPORT_EVERY;

    TrackedInput(Path file, LoadProgress progress) throws IOException {
        super(Files.newInputStream(file));
        this.name = file.getFileName().toString();
        this.total = Files.size(file);
        this.progress = progress;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        progress.onProgress(name, 0, total);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            digest.update(buf, off, n);
            advance(n);
        }
        return n;
    }

    private void advance(int n) {
        read += n;
        if (read >= nextReport) {
            progress.onProgress(name, read, total);
            nextReport = read + REPORT_EVERY;
        }
    }

    /** Hex SHA-256 of everything read; call once, after the whole file was read. */
    String sha256() {
        progress.onProgress(name, read, total);
        return HexFormat.of().formatHex(digest.digest());
    }
}
