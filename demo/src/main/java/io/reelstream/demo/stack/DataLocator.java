package io.reelstream.demo.stack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the bundled MovieLens data ({@code data/ml-latest-small}) when no --data is given: beside
 * the working directory, above the running jar (demo/target/reelstream-demo.jar → repo/data), or
 * under the tests' {@code shared.data.dir}.
 */
public final class DataLocator {
    public static final String BUNDLED = "ml-latest-small";
    public static final String SHARED_DATA_DIR_PROPERTY = "shared.data.dir";

    private DataLocator() {}

    /** The first candidate holding a ratings file; else an error listing where it looked. */
    public static Path bundled() {
        List<Path> tried = candidates();
        for (Path p : tried) {
            if (Files.isRegularFile(p.resolve("ratings.csv"))) return p.toAbsolutePath().normalize();
        }
        throw new IllegalArgumentException("cannot find the bundled MovieLens data; looked in " + tried
                + "; run from the repository root or pass --data DIR");
    }

    static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String shared = System.getProperty(SHARED_DATA_DIR_PROPERTY);
        if (shared != null && !shared.isBlank()) out.add(Path.of(shared, BUNDLED));
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) out.add(dir.resolve("data").resolve(BUNDLED));
        Path code = codeLocation();
        if (code != null) {
            for (Path dir = code.getParent(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("data").resolve(BUNDLED);
                if (!out.contains(candidate)) out.add(candidate);
            }
        }
        return out;
    }

    private static Path codeLocation() {
        try {
            var source = DataLocator.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
