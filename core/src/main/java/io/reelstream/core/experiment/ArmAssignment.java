package io.reelstream.core.experiment;

import java.nio.charset.StandardCharsets;

/**
 * Which arm of an A/B experiment a user is in: a stable hash of (userId, experimentId) mapped to
 * [0, 1), treatment when below the treatment share. The topology (which list a user gets), the
 * lifecycle (who is exposed) and tests all call this, so everyone agrees on a user's arm.
 *
 * <pre>
 *   u = FNV-1a-64(experimentId · ':' · userId) finalised by SplitMix64, top 53 bits / 2^53
 *   arm = TREATMENT if u < share, else CONTROL
 * </pre>
 * Salting with the experiment id makes arms of successive experiments independent of each other
 * (a user is not always in the treatment). O(|experimentId|).
 */
public final class ArmAssignment {
    public static final String CONTROL = "control";
    public static final String TREATMENT = "treatment";

    private ArmAssignment() {}

    /** The user's unit value in [0, 1) for this experiment. */
    public static double unit(int userId, String experimentId) {
        long h = 0xcbf29ce484222325L; // FNV-1a offset basis
        for (byte b : (experimentId + ":" + userId).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L; // FNV prime
        }
        // SplitMix64 finaliser: FNV's low bits are weak for short keys
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }

    /** {@link #TREATMENT} or {@link #CONTROL}. */
    public static String arm(int userId, String experimentId, double treatmentShare) {
        if (!(treatmentShare > 0 && treatmentShare < 1)) {
            throw new IllegalArgumentException("treatment share must be in (0, 1), got " + treatmentShare);
        }
        return unit(userId, experimentId) < treatmentShare ? TREATMENT : CONTROL;
    }
}
