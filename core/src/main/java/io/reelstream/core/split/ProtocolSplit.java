package io.reelstream.core.split;

/**
 * PROTOCOL.md's per-user temporal split boundaries. A user's n ratings sorted by
 * (timestamp, movieId) ascending fall into
 * <pre>
 *   train      = ranks [0, floor(0.8n))
 *   validation = ranks [floor(0.8n), floor(0.9n))
 *   test       = ranks [floor(0.9n), n)
 * </pre>
 * The floors are computed in integer arithmetic (8n / 10) so 0.8·n never rounds below an
 * integer. The trainer's split and the connectors' replay slices both call this class.
 */
public final class ProtocolSplit {
    private ProtocolSplit() {}

    /** floor(0.8n): the number of a user's ratings in train. */
    public static int trainEnd(int n) {
        return (int) (8L * n / 10);
    }

    /** floor(0.9n): train plus validation. */
    public static int validationEnd(int n) {
        return (int) (9L * n / 10);
    }
}
