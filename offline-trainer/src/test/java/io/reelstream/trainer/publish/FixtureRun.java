package io.reelstream.trainer.publish;

import io.reelstream.core.model.FactorFile;
import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.model.ModelRunLayout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny run directory in the layout of core ModelRunLayout: 4 movies, 2 users, k = 2, written
 * the way the trainer writes them (MovieLens timestamps in seconds).
 */
final class FixtureRun {
    static final String NAME = "run_20261123T101500Z";
    static final int[] MOVIES = {1, 2, 3, 50};
    static final int[] USERS = {7, 9};
    static final int K = 2;

    private FixtureRun() {}

    static Path write(Path modelsDir) throws IOException {
        Path run = modelsDir.resolve(NAME);
        Files.createDirectories(run);
        FactorFile.write(run.resolve(ModelRunLayout.ITEM_FACTORS),
                new FactorMatrix(MOVIES, K, new float[] {0.1f, 0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f}));
        FactorFile.write(run.resolve(ModelRunLayout.USER_FACTORS),
                new FactorMatrix(USERS, K, new float[] {1f, 2f, -3f, 4f}));
        write(run, ModelRunLayout.ITEMS, """
                movieId\ttitle\tyear\tgenres
                1\tToy Story\t1995\tAdventure|Animation|Children|Comedy|Fantasy
                2\tJumanji\t1995\tAdventure|Children|Fantasy
                3\tGrumpier Old Men\t1995\tComedy|Romance
                50\tUsual Suspects, The\t\t(no genres listed)
                """);
        write(run, ModelRunLayout.POPULARITY, """
                movieId\tscore\tcount\tmean
                50\t9.5\t204\t4.24
                1\t8.0\t215\t3.92
                2\t3.5\t110\t3.43
                """);
        write(run, ModelRunLayout.CONTENT_NEIGHBOURS, """
                movieId\tneighbourId\tsimilarity
                1\t2\t0.8
                1\t3\t0.4
                2\t1\t0.8
                """);
        write(run, ModelRunLayout.INTERACTIONS, """
                userId\tmovieId\tpreference\ttimestamp
                7\t50\t2\t964982931
                9\t2\t-1\t964981000
                7\t1\t1\t964982703
                7\t3\t-2\t964982703
                """);
        // The shape TrainingPipeline writes (abridged): config values are strings.
        write(run, ModelRunLayout.MANIFEST, """
                {"run": "%s", "createdAt": "2026-11-23T10:15:00Z",
                 "config": {"data.dir": "data/ml-latest-small", "als.factors": "2", "als.lambda": "0.1",
                            "als.regularization": "frequency", "als.alpha": "15.0", "split.mode": "temporal"},
                 "metrics": {"split": "temporal", "k": 10, "scoredUsers": 2,
                             "models": {"als": {"k": 10, "users": 2, "ndcg": 0.25, "recall": 0.2},
                                        "popularity": {"k": 10, "users": 2, "ndcg": 0.1}}}}
                """.formatted(NAME));
        ModelRunLayout.markLatest(modelsDir, run);
        return run;
    }

    /**
     * A later run of the same data that lost movie 50 and user 9 (their rows of an older model must
     * disappear from the topics when this one is published).
     */
    static Path writeSmallerSuccessor(Path modelsDir, String name) throws IOException {
        Path older = write(modelsDir);
        Path run = modelsDir.resolve(name);
        Files.createDirectories(run);
        try (var files = Files.list(older)) {
            for (Path f : files.toList()) Files.copy(f, run.resolve(f.getFileName()));
        }
        FactorFile.write(run.resolve(ModelRunLayout.ITEM_FACTORS),
                new FactorMatrix(new int[] {1, 2, 3}, K, new float[] {1f, 1f, 2f, 2f, 3f, 3f}));
        FactorFile.write(run.resolve(ModelRunLayout.USER_FACTORS), new FactorMatrix(new int[] {7}, K, new float[] {5f, 5f}));
        Files.delete(run.resolve(ModelRunLayout.MANIFEST));
        ModelRunLayout.markLatest(modelsDir, run);
        return run;
    }

    private static void write(Path run, String file, String text) throws IOException {
        Files.writeString(run.resolve(file), text, StandardCharsets.UTF_8);
    }
}
