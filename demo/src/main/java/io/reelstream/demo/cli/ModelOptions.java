package io.reelstream.demo.cli;

import io.reelstream.demo.stack.DataLocator;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the data and the model come from, and what is replayed: shared by the demo and replay-eval. */
public final class ModelOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "MovieLens directory (ratings.csv, ratings.dat or u.data). Default: the bundled data/ml-latest-small.")
    Path data;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Where the trainer writes run_<UTC ts>/ and LATEST. Default: a temp dir deleted at exit.")
    Path models;

    @Option(names = "--run", paramLabel = "DIR",
            description = "Publish this trained run instead of training (e.g. models/run_20260101T000000Z).")
    Path run;

    @Option(names = "--slice", paramLabel = "SLICE", defaultValue = "validation",
            description = "PROTOCOL slice replayed as swipes: validation (the slice the model is scored on), test, train or all."
                    + " Default: ${DEFAULT-VALUE}.")
    String slice;

    @Option(names = "--max-swipes", paramLabel = "N", defaultValue = "0",
            description = "Replay only the first N swipes of the slice in time order (0 = all). Default: ${DEFAULT-VALUE}.")
    int maxSwipes;

    @Option(names = "--trainer", paramLabel = "KEY=VALUE",
            description = "Trainer config override, repeatable (e.g. --trainer als.iterations=10; keys: java -jar"
                    + " offline-trainer.jar train --help).")
    Map<String, String> trainer = new LinkedHashMap<>();

    @Option(names = "--topology", paramLabel = "KEY=VALUE",
            description = "Topology config override, repeatable (e.g. --topology update.rule=gradient).")
    Map<String, String> topology = new LinkedHashMap<>();

    public Path dataDir() {
        return data != null ? data.toAbsolutePath().normalize() : DataLocator.bundled();
    }

    public Path models() {
        return models;
    }

    public Path run() {
        return run;
    }

    public String slice() {
        return slice;
    }

    public int maxSwipes() {
        return maxSwipes;
    }

    public Map<String, String> trainerOverrides() {
        return trainer;
    }

    public Map<String, String> topologyOverrides() {
        return topology;
    }

    /** Checks what picocli's types cannot; a message naming the flag, or null. */
    String problem() {
        if (maxSwipes < 0) return "--max-swipes must be >= 0, got " + maxSwipes;
        if (!java.util.List.of("validation", "test", "train", "all").contains(slice.toLowerCase(java.util.Locale.ROOT))) {
            return "--slice must be one of validation, test, train, all; got '" + slice + "'";
        }
        if (data != null && !java.nio.file.Files.isDirectory(data)) return "--data " + data + " is not a directory";
        if (run != null && !java.nio.file.Files.isDirectory(run)) return "--run " + run + " is not a directory";
        return null;
    }
}
