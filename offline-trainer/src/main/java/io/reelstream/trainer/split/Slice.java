package io.reelstream.trainer.split;

/** Which slice of the split a rating falls in (a byte per row). */
public final class Slice {
    public static final byte TRAIN = 0;
    public static final byte VALIDATION = 1;
    public static final byte TEST = 2;

    private Slice() {}

    public static String name(byte slice) {
        return switch (slice) {
            case TRAIN -> "train";
            case VALIDATION -> "validation";
            case TEST -> "test";
            default -> throw new IllegalArgumentException("no slice " + slice);
        };
    }
}
