package io.reelstream.demo.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits until every swipe of a replay is on the swipes topic and answered (a list or a dead letter),
 * showing the progress line once a second. Bounded: it fails when no swipe is answered for
 * {@code stall}, or when {@code failure} reports a problem (e.g. the connector task failed).
 */
public final class ReplayWait {
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(90);

    private ReplayWait() {}

    /**
     * @param failure returns a description of a failure that should end the wait, or null
     * @return the final figures
     */
    public static HitTracker.Snapshot await(ReplayConsumer observer, int total, int catalogueSize, String label,
                                            PrintStream out, Duration stall, Supplier<String> failure)
            throws InterruptedException {
        ProgressLine progress = new ProgressLine(out, label, total, catalogueSize);
        long lastAnswered = -1;
        long lastChange = System.nanoTime();
        while (true) {
            HitTracker.Snapshot s = observer.snapshot();
            progress.show(s);
            if (s.swipes() >= total && s.pending() == 0) {
                progress.done(s);
                return s;
            }
            if (s.answered() != lastAnswered) {
                lastAnswered = s.answered();
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stall.toNanos()) {
                progress.done(s);
                throw new IllegalStateException(label + " stalled: " + s.swipes() + "/" + total + " swipes on the topic, "
                        + s.pending() + " unanswered, none answered for " + stall.toSeconds() + " s"
                        + (failure.get() == null ? "" : "; " + failure.get()));
            }
            String problem = failure.get();
            if (problem != null) {
                progress.done(s);
                throw new IllegalStateException(label + " failed: " + problem);
            }
            observer.await(() -> false, Duration.ofSeconds(1));
        }
    }
}
