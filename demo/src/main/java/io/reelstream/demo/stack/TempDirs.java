package io.reelstream.demo.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temp directories a run deletes when it closes. */
public final class TempDirs {
    private TempDirs() {}

    /** A directory deleted (recursively) by {@link Dir#close()}. */
    public record Dir(Path path) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (!Files.exists(path)) return;
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    public static Dir create(String prefix) {
        try {
            return new Dir(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir under " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage(), e);
        }
    }
}
