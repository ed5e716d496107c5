package io.reelstream.topology.online;

import io.reelstream.schemas.ArmCounts;

import java.nio.ByteBuffer;

/**
 * Mutable counts of one online-metrics scope (an experiment arm, or a production version): the
 * numerators and denominators of the online metrics.
 * <pre>
 *   hit rate        = hits / positives       positive swipes on a movie of the list shown just before
 *   like rate       = hits / shownSwipes     of the swipes on a shown movie, the positive ones
 *   swipes per user = swipes / users
 * </pre>
 * Only swipes made after the user was shown a list in that scope count.
 */
public final class ArmTally {
    static final int BYTES = 5 * 8;

    long users;
    long swipes;
    long positives;
    long shownSwipes;
    long hits;

    public ArmTally() {}

    public ArmTally(long users, long swipes, long positives, long shownSwipes, long hits) {
        this.users = users;
        this.swipes = swipes;
        this.positives = positives;
        this.shownSwipes = shownSwipes;
        this.hits = hits;
    }

    public long users() { return users; }
    public long swipes() { return swipes; }
    public long positives() { return positives; }
    public long shownSwipes() { return shownSwipes; }
    public long hits() { return hits; }

    /** Counts one judged swipe. */
    void add(boolean newUser, boolean positive, boolean shown) {
        if (newUser) users++;
        swipes++;
        if (positive) positives++;
        if (shown) shownSwipes++;
        if (shown && positive) hits++;
    }

    void add(ArmTally o) {
        users += o.users;
        swipes += o.swipes;
        positives += o.positives;
        shownSwipes += o.shownSwipes;
        hits += o.hits;
    }

    /** this − base, for the counts of a window that began when the total was {@code base}. */
    ArmTally minus(ArmTally base) {
        return new ArmTally(users - base.users, swipes - base.swipes, positives - base.positives,
                shownSwipes - base.shownSwipes, hits - base.hits);
    }

    ArmTally copy() {
        return new ArmTally(users, swipes, positives, shownSwipes, hits);
    }

    void write(ByteBuffer b) {
        b.putLong(users).putLong(swipes).putLong(positives).putLong(shownSwipes).putLong(hits);
    }

    static ArmTally read(ByteBuffer b) {
        return new ArmTally(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }

    public ArmCounts toAvro() {
        return new ArmCounts(users, swipes, positives, shownSwipes, hits);
    }

    public static ArmTally of(ArmCounts c) {
        return new ArmTally(c.getUsers(), c.getSwipes(), c.getPositives(), c.getShownSwipes(), c.getHits());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArmTally t && users == t.users && swipes == t.swipes && positives == t.positives
                && shownSwipes == t.shownSwipes && hits == t.hits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(users * 31 + swipes * 17 + hits);
    }

    @Override
    public String toString() {
        return "users " + users + ", swipes " + swipes + ", positives " + positives + ", shown " + shownSwipes
                + ", hits " + hits;
    }
}
