package io.reelstream.topology.rank;

/**
 * How a model version's ranker finds candidates (config {@code rank.retrieval}, {@code rank.ivf.*}):
 * exact (core ItemRanker) or an IVF with exact rescoring ({@link IvfRanker}).
 *
 * @param ivfLists lists of the IVF, 0 = {@link IvfRanker#defaultLists}; unused when exact
 * @param ivfProbe lists scored per call; unused when exact
 */
public record Retrieval(Kind kind, int ivfLists, int ivfProbe) {
    public enum Kind { EXACT, IVF }

    public Retrieval {
        if (kind == Kind.IVF && (ivfLists < 0 || ivfProbe <= 0)) {
            throw new IllegalArgumentException("ivf needs lists >= 0 (0 = auto) and probe > 0, got lists "
                    + ivfLists + ", probe " + ivfProbe);
        }
    }

    public static Retrieval exact() {
        return new Retrieval(Kind.EXACT, 0, 0);
    }

    public static Retrieval ivf(int lists, int probe) {
        return new Retrieval(Kind.IVF, lists, probe);
    }

    @Override
    public String toString() {
        return kind == Kind.EXACT ? "exact" : "ivf(lists " + (ivfLists == 0 ? "auto" : ivfLists) + ", probe " + ivfProbe + ")";
    }
}
