package io.reelstream.trainer.synth;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The size flags of a synthetic data set, shared by {@code synth} (writes it) and the training-speed
 * measurements (train on it in memory): a preset, each size overridable, and the seed.
 */
public final class SyntheticShapeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--preset",
            description = "Sizes to start from: ml20m (138000 x 13000, 16 M ratings), ml32m (200000 x 87000, 32 M) or small"
                    + " (2000 x 1000, 100 000). Default: ml20m (the train-scale measurement: ml32m).")
    String preset;

    @Option(names = "--users", description = "Users (overrides the preset).")
    Integer users;

    @Option(names = {"--movies", "--items"}, description = "Movies (overrides the preset).")
    Integer movies;

    @Option(names = "--ratings", description = "Ratings (overrides the preset).")
    Long ratings;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the data (and, when timing a fit, of the initial factors); the same seed gives the same data. Default: ${DEFAULT-VALUE}.")
    long seed;

    public long seed() {
        return seed;
    }

    /** The shape the flags ask for: the preset (ml20m unless given), with any explicit size flag replacing its value. */
    public SyntheticRatings.Shape shape() {
        return shape("ml20m");
    }

    /** As {@link #shape()}, starting from {@code defaultPreset} when --preset is not given. */
    public SyntheticRatings.Shape shape(String defaultPreset) {
        String name = preset != null ? preset : defaultPreset;
        SyntheticRatings.Shape base = switch (name) {
            case "ml20m" -> SyntheticRatings.Shape.ml20m(seed);
            case "ml32m" -> SyntheticRatings.Shape.ml32m(seed);
            case "small" -> SyntheticRatings.Shape.small(seed);
            default -> throw new ParameterException(command.commandLine(),
                    "--preset must be ml20m, ml32m or small, got '" + name + "'");
        };
        return new SyntheticRatings.Shape(users != null ? users : base.users(), movies != null ? movies : base.movies(),
                ratings != null ? ratings : base.ratings(), seed);
    }
}
