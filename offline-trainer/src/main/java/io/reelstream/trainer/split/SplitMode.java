package io.reelstream.trainer.split;

/** PROTOCOL.md's per-user split modes. */
public enum SplitMode {
    /** Sorted by (timestamp, movieId): train = first floor(0.8n), validation = next floor(0.9n) − floor(0.8n), test = rest. */
    TEMPORAL,
    /** Only the newest rating held out; it is both the validation and the test slice. */
    LAST1;

    public static SplitMode parse(String text) {
        for (SplitMode m : values()) if (m.name().equalsIgnoreCase(text.trim())) return m;
        throw new IllegalArgumentException("unknown split mode '" + text + "'; use temporal or last1");
    }
}
