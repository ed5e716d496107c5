package io.reelstream.demo.replay;

import io.reelstream.connectors.source.ProtocolSlice;
import io.reelstream.connectors.source.RatingsLayout;
import io.reelstream.connectors.source.RatingsReader;
import io.reelstream.connectors.source.ReplayPlan;
import io.reelstream.core.preference.Preference;
import io.reelstream.schemas.Swipe;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The swipes a replay sends: one PROTOCOL slice of a MovieLens ratings file in the source
 * connector's order (timestamp, userId, movieId) — computed by the connectors module's
 * {@link ReplayPlan}, so ids and order are exactly what the connector emits — optionally cut to
 * its first {@code maxSwipes}. A cut replay keeps each user's swipes as a prefix of the user's
 * slice, so the per-user chains the metrics follow stay whole.
 */
public final class ReplaySlice {
    /** Value of Swipe.source for swipes this module sends itself (replay-eval). */
    public static final String SOURCE_NAME = "replay-eval";

    private final ReplayPlan plan;
    private final int size;
    private final Path ratingsFile;
    private final ProtocolSlice slice;

    private ReplaySlice(ReplayPlan plan, int size, Path ratingsFile, ProtocolSlice slice) {
        this.plan = plan;
        this.size = size;
        this.ratingsFile = ratingsFile;
        this.slice = slice;
    }

    /**
     * @param dataDir   a MovieLens directory (ratings.csv, ratings.dat or u.data)
     * @param maxSwipes 0 = the whole slice
     */
    public static ReplaySlice load(Path dataDir, String sliceName, int maxSwipes) {
        Path file = ratingsFile(dataDir);
        ProtocolSlice slice;
        try {
            slice = ProtocolSlice.fromConfig(sliceName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("slice '" + sliceName + "' is not one of train, validation, test, all");
        }
        try {
            RatingsReader.Result read = RatingsReader.read(file, RatingsLayout.fromFileName(file));
            ReplayPlan plan = ReplayPlan.of(read.table(), slice);
            int size = maxSwipes > 0 ? Math.min(maxSwipes, plan.size()) : plan.size();
            return new ReplaySlice(plan, size, file, slice);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** ratings.csv, ratings.dat or u.data in {@code dataDir}, in that order of preference. */
    public static Path ratingsFile(Path dataDir) {
        for (String name : List.of("ratings.csv", "ratings.dat", "u.data")) {
            Path f = dataDir.resolve(name);
            if (Files.isRegularFile(f)) return f;
        }
        throw new IllegalArgumentException("no ratings.csv, ratings.dat or u.data in " + dataDir.toAbsolutePath()
                + "; pass --data with a MovieLens directory");
    }

    public int size() {
        return size;
    }

    /** True when the whole slice is replayed (no --max-swipes cut). */
    public boolean complete() {
        return size == plan.size();
    }

    public Path ratingsFile() {
        return ratingsFile;
    }

    public String sliceName() {
        return slice.configName();
    }

    public int userId(int i) {
        return plan.userId(check(i));
    }

    public int movieId(int i) {
        return plan.movieId(check(i));
    }

    public int preference(int i) {
        return Preference.fromRating(plan.rating(check(i)));
    }

    public String eventId(int i) {
        return plan.eventId(check(i));
    }

    /** The swipe at position i, built like the source connector builds it. */
    public Swipe swipe(int i) {
        return plan.swipe(check(i), SOURCE_NAME);
    }

    /** Distinct users of the replay, in order of first swipe. */
    public Set<Integer> users() {
        Set<Integer> users = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) users.add(plan.userId(i));
        return users;
    }

    /** Positive swipes (like, superlike) of the replay. */
    public int positives() {
        int n = 0;
        for (int i = 0; i < size; i++) if (Preference.isPositive(preference(i))) n++;
        return n;
    }

    /**
     * Writes the replay as a ratings.csv the source connector replays with {@code slice=all}: the same
     * swipes, ids and order, without the connector having to know about the cut.
     */
    public Path writeCsv(Path dir) {
        Path out = dir.resolve("ratings.csv");
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("userId,movieId,rating,timestamp\n");
            writeRows(w, 0, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the replay file " + out + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Swipes [from, to) as ratings.csv rows (no header), in replay order: for files made of several slices or parts. */
    public void writeRows(java.io.Writer w, int from, int to) throws IOException {
        if (from < 0 || to > size || from > to) throw new IndexOutOfBoundsException("rows " + from + ".." + to + " of " + size);
        for (int i = from; i < to; i++) {
            w.write(String.format(Locale.ROOT, "%d,%d,%s,%d%n", plan.userId(i), plan.movieId(i),
                    Float.toString(plan.rating(i)), plan.timestampSeconds(i)));
        }
    }

    private int check(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("swipe " + i + " of a replay of " + size);
        return i;
    }
}
