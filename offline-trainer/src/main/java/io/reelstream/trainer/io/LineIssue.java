package io.reelstream.trainer.io;

/** Why an input line was rejected; {@code --skip-bad-lines} counts them per reason. */
public enum LineIssue {
    MALFORMED("malformed line"),
    /** A null in a Parquet column (text formats have no nulls: an empty field is non-numeric). */
    NULL_VALUE("null value"),
    NOT_NUMERIC("non-numeric field"),
    OUT_OF_RANGE("rating out of range"),
    DUPLICATE("duplicate (user, movie) pair"),
    DUPLICATE_MOVIE("duplicate movieId");

    private final String label;

    LineIssue(String label) {
        this.label = label;
    }

    public String label() { return label; }
}
