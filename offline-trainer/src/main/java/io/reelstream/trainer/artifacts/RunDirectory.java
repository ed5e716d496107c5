package io.reelstream.trainer.artifacts;

import io.reelstream.core.model.ModelRunLayout;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Creates {@code models/run_<UTC timestamp>/} (yyyyMMdd'T'HHmmss'Z', a "-2", "-3" suffix when two
 * runs start in the same second) and removes a run that failed, so only complete runs stay and
 * only they are ever named by LATEST.
 */
public final class RunDirectory {
    static final DateTimeFormatter RUN_TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunDirectory() {}

    public static Path create(Path modelsDir, Instant startedAt) throws IOException {
        Files.createDirectories(modelsDir);
        String base = ModelRunLayout.RUN_PREFIX + RUN_TIMESTAMP.format(startedAt);
        for (int attempt = 1; ; attempt++) {
            Path run = modelsDir.resolve(attempt == 1 ? base : base + "-" + attempt);
            try {
                return Files.createDirectory(run);
            } catch (FileAlreadyExistsException e) {
                // another run started in the same second: try the next suffix
            }
        }
    }

    /** Deletes a (failed, partial) run directory and everything in it. */
    public static void delete(Path run) throws IOException {
        if (!Files.exists(run)) return;
        try (Stream<Path> walk = Files.walk(run)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
