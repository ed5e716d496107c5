package io.reelstream.connectors.source;

import io.reelstream.core.split.ProtocolSplit;
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
        if (rank < ProtocolSplit.trainEnd(n)) return TRAIN;
        if (rank < ProtocolSplit.validationEnd(n)) return VALIDATION;
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
