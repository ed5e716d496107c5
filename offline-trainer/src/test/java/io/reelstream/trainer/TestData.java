package io.reelstream.trainer;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds MovieLens ml-latest-small: system property shared.data.dir (set by surefire), else the repo's data/. */
public final class TestData {
    private TestData() {}

    public static Path mlLatestSmall() {
        String shared = System.getProperty("shared.data.dir");
        if (shared != null) {
            Path p = Path.of(shared, "ml-latest-small");
            if (Files.isRegularFile(p.resolve("ratings.csv"))) return p;
        }
        for (Path base : new Path[] {Path.of("data"), Path.of("../data")}) {
            Path p = base.resolve("ml-latest-small");
            if (Files.isRegularFile(p.resolve("ratings.csv"))) return p;
        }
        throw new IllegalStateException("ml-latest-small not found: set -Dshared.data.dir or keep data/ml-latest-small in the repo");
    }
}
