package io.reelstream.core.recency;

/**
 * How much a user's past swipe counts now: the one recency function the trainer's evaluation, the
 * item-to-item scorer and the stream's update rules all call, so a list computed offline and one
 * computed on a swipe weigh a history alike.
 *
 * <pre>
 *   w(j) = floor + (1 − floor) · 0.5^(age_j / h) · 0.5^(Δt_j / h_t)
 *   age_j = swipes newer than j in the user's history (0 = the newest)
 *   Δt_j  = newest event time − event time of j, in days
 * </pre>
 * h = {@code halfLifeSwipes} (+∞: no decay by position), h_t = {@code halfLifeDays} (+∞: no decay by
 * time, the default), floor ∈ [0, 1] keeps old taste from vanishing. {@link #NONE} weighs every
 * swipe 1. The history is given oldest first, in (event time, movieId) order — PROTOCOL's split
 * order and the topology's {@code UserState.chronologicalOrder()} — so offline and stream agree on ages.
 */
public record RecencyWeights(double halfLifeSwipes, double floor, double halfLifeDays) {
    /** No decay: every swipe weighs 1 (the behaviour before recency existed). */
    public static final RecencyWeights NONE = new RecencyWeights(Double.POSITIVE_INFINITY, 1.0, Double.POSITIVE_INFINITY);

    private static final double MS_PER_DAY = 86_400_000.0;

    public RecencyWeights {
        if (!(halfLifeSwipes > 0)) {
            throw new IllegalArgumentException("recency half-life in swipes must be > 0 (or infinite for no decay), got "
                    + halfLifeSwipes);
        }
        if (!(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("recency floor must be in [0, 1], got " + floor);
        }
        if (!(halfLifeDays > 0)) {
            throw new IllegalArgumentException("recency half-life in days must be > 0 (or infinite for no decay), got "
                    + halfLifeDays);
        }
    }

    /** Decay by position only. */
    public static RecencyWeights bySwipes(double halfLifeSwipes, double floor) {
        return new RecencyWeights(halfLifeSwipes, floor, Double.POSITIVE_INFINITY);
    }

    /** True when every weight is 1 (no decay, or a floor of 1). */
    public boolean isNone() {
        return floor == 1.0 || (halfLifeSwipes == Double.POSITIVE_INFINITY && halfLifeDays == Double.POSITIVE_INFINITY);
    }

    /**
     * The age in swipes from which a swipe weighs exactly the floor as a float, at any event time: w
     * falls with age and time and never below the floor, so a swipe that reached it keeps it as the
     * user swipes on (what core itemitem.PrefixMemo relies on). 0 when every weight is 1; {@link
     * Integer#MAX_VALUE} when age alone never brings w to the floor (no decay by position). O(log age).
     */
    public int settledAge() {
        if (isNone()) return 0;
        float settled = (float) floor;
        int lo = 0;
        int hi = 1 << 30;
        if (halfLifeSwipes == Double.POSITIVE_INFINITY || weight(hi, 0) != settled) return Integer.MAX_VALUE;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (weight(mid, 0) == settled) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /** The weight of a swipe {@code age} swipes and {@code ageMs} milliseconds older than the newest. O(1). */
    public float weight(int age, long ageMs) {
        double decay = Math.pow(0.5, age / halfLifeSwipes);
        if (halfLifeDays != Double.POSITIVE_INFINITY) decay *= Math.pow(0.5, Math.max(0, ageMs) / MS_PER_DAY / halfLifeDays);
        return (float) (floor + (1 - floor) * decay);
    }

    /**
     * Weights of a history given oldest first: out[i] for times[i], the last one (age 0) the newest.
     * times may be null when {@code halfLifeDays} is infinite. O(count).
     */
    public void weigh(long[] times, int count, float[] out) {
        if (count == 0) return;
        long newest = times == null ? 0 : times[count - 1];
        for (int i = 0; i < count; i++) {
            int age = count - 1 - i;
            out[i] = weight(age, times == null ? 0 : newest - times[i]);
        }
    }

    @Override
    public String toString() {
        return "recency(halfLife=" + (halfLifeSwipes == Double.POSITIVE_INFINITY ? "off" : halfLifeSwipes + " swipes")
                + ", floor=" + floor
                + (halfLifeDays == Double.POSITIVE_INFINITY ? "" : ", halfLife=" + halfLifeDays + " days") + ")";
    }
}
