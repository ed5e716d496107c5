package io.reelstream.connectors.source;

import java.util.Locale;

/**
 * Which part of PROTOCOL.md's per-user split a replay emits. Per user, ratings sorted by
 * (timestamp, movieId); with n ratings: train = ranks [0, floor(0.8n)), validation =
 * [floor(0.8n), floor(0.9n)), test = [floor(0.9n), n).
 */
public enum ProtocolSlice {
    ALL, TRAIN, VALIDATION, TEST;

    /** The slice of the rating at 0-based rank {@code rank} among a user's {@code n} ratings. */
    public static ProtocolSlice ofRank(int rank, int n) {
        // integer floor(0.8n) and floor(0.9n): no floating-point edge at n = 5, 10, ...
        long trainEnd = 8L * n / 10;
        long validationEnd = 9L * n / 10;
        if (rank < trainEnd) return TRAIN;
        if (rank < validationEnd) return VALIDATION;
        return TEST;
    }

    public boolean contains(ProtocolSlice slice) {
        return this == ALL || this == slice;
    }

    /** Name as written in config: all, train, validation, test. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProtocolSlice fromConfig(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
