package io.reelstream.demo.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The replay's live line, once a second:
 * {@code replay  3120/9934 swipes | in 512/s out 498/s | lag 37 | lists 3080 | dlq 3 | HR@10 0.087 (271/3115) | cov 0.041}.
 * On a terminal it rewrites one line (carriage return); in a log or a pipe it prints a line each time.
 * in = swipes arriving on the swipes topic, out = swipes the topology answered (a list or a dead letter),
 * lag = swipes on the topic not answered yet. Rates are over at least the last second.
 */
public final class ProgressLine {
    private final PrintStream out;
    private final String label;
    private final long total;
    private final int catalogueSize;
    private final boolean terminal = System.console() != null;
    private long lastSwipes;
    private long lastAnswered;
    private long lastNanos = System.nanoTime();

    public ProgressLine(PrintStream out, String label, long total, int catalogueSize) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.catalogueSize = catalogueSize;
    }

    public void show(HitTracker.Snapshot s) {
        long now = System.nanoTime();
        double seconds = Math.max(1.0, (now - lastNanos) / 1e9); // the first call may come right after a burst
        double in = (s.swipes() - lastSwipes) / seconds;
        double answered = (s.answered() - lastAnswered) / seconds;
        lastSwipes = s.swipes();
        lastAnswered = s.answered();
        lastNanos = now;
        String line = format(s, in, answered);
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the line on a terminal. */
    public void done(HitTracker.Snapshot s) {
        if (terminal) out.println();
        out.flush();
    }

    String format(HitTracker.Snapshot s, double in, double out) {
        return String.format(Locale.ROOT, "%s %6d/%d swipes | in %5.0f/s out %5.0f/s | lag %5d | lists %6d | dlq %4d | HR@%d %.3f (%d/%d) | cov %.3f",
                label, s.swipes(), total, in, out, s.pending(), s.lists(), s.deadLetters(), s.k(), s.hitRate(), s.hits(),
                s.positives(), s.coverage(catalogueSize));
    }
}
