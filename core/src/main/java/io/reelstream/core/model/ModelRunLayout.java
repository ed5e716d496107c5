package io.reelstream.core.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one trained run, {@code models/run_<UTC timestamp>/}, and the {@code models/LATEST}
 * pointer (a one-line file naming the run directory, replaced atomically once a run is complete).
 * The trainer writes these names; publish, the topology's loaders and the performance tools read them.
 * <pre>
 *   manifest.json           config snapshot, data fingerprint, counts, metrics, timings, versions
 *   item_factors.bin        FactorFile: movieId → factors
 *   user_factors.bin        FactorFile: userId → factors
 *   items.tsv               movieId \t title \t year \t genres (pipe-joined), header line first
 *   popularity.tsv          movieId \t score \t count \t mean, best first, header line first
 *   content_neighbours.tsv  movieId \t neighbourId \t similarity, best first per movie, header first
 *   interactions.tsv        userId \t movieId \t preference \t timestamp of the fitted data, header first
 *   item_neighbours.bin     ItemNeighboursFile: movieId → (neighbour movieIds, weights), the item-to-item model
 * </pre>
 */
public final class ModelRunLayout {
    public static final String RUN_PREFIX = "run_";
    public static final String LATEST = "LATEST";
    public static final String MANIFEST = "manifest.json";
    public static final String ITEM_FACTORS = "item_factors.bin";
    public static final String USER_FACTORS = "user_factors.bin";
    public static final String ITEMS = "items.tsv";
    public static final String POPULARITY = "popularity.tsv";
    public static final String CONTENT_NEIGHBOURS = "content_neighbours.tsv";
    public static final String INTERACTIONS = "interactions.tsv";
    public static final String ITEM_NEIGHBOURS = "item_neighbours.bin";

    private ModelRunLayout() {}

    /** The run directory that {@code modelsDir/LATEST} names. */
    public static Path latestRun(Path modelsDir) throws IOException {
        Path pointer = modelsDir.resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            throw new IOException("no trained model: " + pointer + " does not exist; run the trainer's 'train' command first");
        }
        String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
        Path run = modelsDir.resolve(name);
        if (!Files.isDirectory(run)) throw new IOException(pointer + " names " + run + ", which is not a directory");
        return run;
    }

    /** Points LATEST at runDir atomically: write a temp file, then rename over the old pointer. */
    public static void markLatest(Path modelsDir, Path runDir) throws IOException {
        Path tmp = modelsDir.resolve(LATEST + ".tmp");
        Files.writeString(tmp, runDir.getFileName().toString() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, modelsDir.resolve(LATEST), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
