package io.reelstream.connectors.source;

/**
 * When the next swipe of a replay is due, in the task's monotonic clock (nanoseconds).
 *
 * <ul>
 *   <li>Event-time speed-up {@code s > 0}: swipe i is due at
 *       {@code wall0 + (eventTime_i - eventTime_0) / s}, where swipe 0 is the first one this task
 *       emits (after a restart the clock re-anchors at the resumed swipe: no burst to catch up).</li>
 *   <li>Rate limit {@code r > 0} swipes/s: consecutive swipes are at least {@code 1/r} s apart in the
 *       schedule, so over any long stretch at most r swipes a second go out.</li>
 * </ul>
 * Both off (0) means as fast as the worker takes them. Both on: the later of the two times.
 */
public final class ReplayPacer {
    private final double speedFactor;
    private final long intervalNanos;
    private boolean anchored;
    private long anchorEventMillis;
    private long anchorWallNanos;
    private long nextRateSlotNanos;

    public ReplayPacer(double speedFactor, double maxSwipesPerSecond) {
        if (!(speedFactor >= 0) || Double.isInfinite(speedFactor)) {
            throw new IllegalArgumentException("speed factor must be a finite number >= 0, got " + speedFactor);
        }
        if (!(maxSwipesPerSecond >= 0) || Double.isInfinite(maxSwipesPerSecond)) {
            throw new IllegalArgumentException("max swipes per second must be a finite number >= 0, got " + maxSwipesPerSecond);
        }
        this.speedFactor = speedFactor;
        this.intervalNanos = maxSwipesPerSecond > 0 ? Math.max(1L, Math.round(1e9 / maxSwipesPerSecond)) : 0L;
    }

    public boolean paced() {
        return speedFactor > 0 || intervalNanos > 0;
    }

    /** Wall time (nanos, same clock as {@code nowNanos}) at which the swipe with this event time is due. */
    public long dueNanos(long eventTimeMillis, long nowNanos) {
        if (!anchored) {
            anchored = true;
            anchorEventMillis = eventTimeMillis;
            anchorWallNanos = nowNanos;
            nextRateSlotNanos = nowNanos;
        }
        long due = intervalNanos > 0 ? nextRateSlotNanos : nowNanos; // unpaced: due now
        if (speedFactor > 0) {
            // (eventTime - eventTime0) ms of event time take that / s ms of wall time
            double wallNanos = (eventTimeMillis - anchorEventMillis) * 1e6 / speedFactor;
            due = Math.max(due, anchorWallNanos + (long) Math.max(0, Math.min(wallNanos, Long.MAX_VALUE / 4)));
        }
        return due;
    }

    /** Records that the swipe due at {@code dueNanos} went out: the next rate slot is one interval later. */
    public void emitted(long dueNanos) {
        if (intervalNanos > 0) nextRateSlotNanos = Math.max(nextRateSlotNanos, dueNanos) + intervalNanos;
    }
}
