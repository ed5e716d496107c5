package io.reelstream.trainer.synth;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code synth}: writes a synthetic MovieLens set in the ml-20m csv layout (ratings.csv with header
 * userId,movieId,rating,timestamp, and movies.csv) so every loader and command can run at ML-20M
 * scale without the real files. See {@link SyntheticRatings} for how ratings are drawn.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a synthetic ML-20M-shaped ratings set (ratings.csv + movies.csv, ml-20m layout).")
public final class SynthCommand implements Callable<Integer> {
    public static final String RATINGS_FILE = "ratings.csv";
    public static final String MOVIES_FILE = "movies.csv";
    public static final String RATINGS_HEADER = "userId,movieId,rating,timestamp";
    public static final String MOVIES_HEADER = "movieId,title,genres";

    @Option(names = {"-o", "--out"}, required = true, description = "Directory to write ratings.csv and movies.csv into (created).")
    Path out;

    @Mixin
    SyntheticShapeOptions shapeOptions = new SyntheticShapeOptions();

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    PrintStream err = System.err;

    @Override
    public Integer call() throws IOException {
        SyntheticRatings.Shape shape = shapeOptions.shape();
        long t0 = System.nanoTime();
        write(new SyntheticRatings(shape), out, quiet ? SyntheticRatings.Progress.NONE : progressLine(err));
        double secs = (System.nanoTime() - t0) / 1e9;
        err.printf("%nsynth: wrote %,d ratings of %,d users x %,d movies to %s in %.1f s%n",
                shape.ratings(), shape.users(), shape.movies(), out.toAbsolutePath(), secs);
        return 0;
    }

    /** Writes ratings.csv and movies.csv into dir; returns the ratings file. */
    public static Path write(SyntheticRatings gen, Path dir, SyntheticRatings.Progress progress) throws IOException {
        Files.createDirectories(dir);
        Path ratingsFile = dir.resolve(RATINGS_FILE);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(ratingsFile, StandardCharsets.UTF_8), 1 << 20)) {
            w.write(RATINGS_HEADER);
            w.write('\n');
            StringBuilder line = new StringBuilder(48);
            gen.generate((userId, movieId, rating, timestamp) -> {
                line.setLength(0);
                line.append(userId).append(',').append(movieId).append(',')
                        .append(halfStar(rating)).append(',').append(timestamp).append('\n');
                try {
                    w.append(line);
                } catch (IOException e) {
                    throw new UncheckedIOException("writing " + ratingsFile, e);
                }
            }, progress);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(MOVIES_FILE), StandardCharsets.UTF_8)) {
            w.write(MOVIES_HEADER);
            w.write('\n');
            for (SyntheticRatings.SyntheticMovie m : gen.movies()) {
                w.write(m.movieId() + "," + m.title() + "," + m.genres() + "\n");
            }
        }
        return ratingsFile;
    }

    /** "3.5", "4.0": the half-star text MovieLens uses. */
    static String halfStar(float rating) {
        int halves = Math.round(rating * 2);
        return (halves / 2) + (halves % 2 == 0 ? ".0" : ".5");
    }

    /** A one-line progress report on the stream, updated at most every 1 % (carriage return). */
    public static SyntheticRatings.Progress progressLine(PrintStream err) {
        long[] lastPercent = {-1};
        return (done, total) -> {
            long percent = done * 100 / Math.max(1, total);
            if (percent != lastPercent[0]) {
                lastPercent[0] = percent;
                err.printf("\rsynth: %,d / %,d ratings (%d %%)", done, total, percent);
            }
        };
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SynthCommand()).execute(args));
    }
}
