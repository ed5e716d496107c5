package io.reelstream.demo.replay;

import io.reelstream.core.preference.Preference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a replay against the lists the topology emitted, with no Kafka in it: for each positive
 * swipe, was its movie in the user's current top-K <em>before</em> the swipe was applied?
 *
 * <p>The current list of a user before swipe i is the list emitted for the user's swipe i−1 (the
 * list whose {@code causeEventId} is that swipe's eventId), or the user's initial list (the trained
 * model's answer before any replayed swipe) for i = 0. A swipe that went to the dead-letter topic
 * changed nothing, so the list before it stays current. A user's state depends only on the user's
 * own swipes, so this holds however the swipes of different users interleave: the replay can be
 * streamed at full speed and scored as the lists come back.
 *
 * <p>Events may arrive in any order across the three topics (a list can be read before its swipe);
 * per user, swipes must be given in the order of the swipes topic (the order the topology applies them).
 * <pre>
 *   HR@K    = hits / positive swipes
 *   NDCG@K  = Σ over hits of 1 / log2(rank + 2)  (rank 0-based)  / positive swipes
 *   Cov@K   = distinct movies in every top-K consulted or emitted / catalogue size
 * </pre>
 * Not thread-safe: one consumer thread feeds it, readers use {@link #snapshot()} under the caller's lock.
 */
public final class HitTracker {
    /** Outcome of a swipe that went to the dead-letter topic: the list before it stays current. */
    private static final int[] DEAD_LETTERED = new int[0];

    private final int k;
    private final int[] fallbackInitial;
    private final Map<Integer, UserChain> users = new HashMap<>();
    private final Map<String, int[]> outcomes = new HashMap<>(); // eventId → emitted top-K (or DEAD_LETTERED)
    private final Set<Integer> listedMovies = new HashSet<>();

    private long swipes;
    private long answered;
    private long lists;
    private long deadLetters;
    private long positives;
    private long hits;
    private double ndcgSum;

    /**
     * @param k               list length the metrics look at (a longer emitted list is cut to its top k)
     * @param fallbackInitial the list of a user without an initial list (e.g. the popular list), top first
     */
    public HitTracker(int k, int[] fallbackInitial) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        this.k = k;
        this.fallbackInitial = top(fallbackInitial);
    }

    /** The list the user saw before their first replayed swipe, top first. */
    public void initialList(int userId, int[] movies) {
        int[] list = top(movies);
        chain(userId).current = list;
        noteListed(list);
    }

    /** A replayed swipe, read from the swipes topic (per user in topic order). */
    public void swipe(int userId, String eventId, int movieId, int preference) {
        swipes++;
        UserChain c = chain(userId);
        c.pending.add(new PendingSwipe(eventId, movieId, Preference.isPositive(preference)));
        advance(c);
    }

    /** A list read from the recommendations topic, caused by swipe {@code causeEventId}. */
    public void list(int userId, String causeEventId, int[] movies) {
        int[] list = top(movies);
        lists++;
        noteListed(list);
        outcomes.put(causeEventId, list);
        advance(chain(userId));
    }

    /** A swipe of {@code userId} that went to the dead-letter topic instead of producing a list. */
    public void deadLetter(int userId, String eventId) {
        deadLetters++;
        outcomes.put(eventId, DEAD_LETTERED);
        advance(chain(userId));
    }

    /** Scores every pending swipe of the user whose predecessor's outcome is known. */
    private void advance(UserChain c) {
        while (c.next < c.pending.size()) {
            PendingSwipe s = c.pending.get(c.next);
            if (!s.scored) {
                score(c.current == null ? fallbackInitial : c.current, s);
                s.scored = true;
            }
            int[] outcome = outcomes.remove(s.eventId);
            if (outcome == null) return; // the topology has not answered this swipe yet
            answered++;
            if (outcome != DEAD_LETTERED) c.current = outcome;
            else if (c.current == null) c.current = fallbackInitial;
            c.pending.set(c.next, null); // scored and resolved: let it go
            c.next++;
            if (c.next == c.pending.size()) {
                c.pending.clear();
                c.next = 0;
            }
        }
    }

    private void score(int[] current, PendingSwipe s) {
        if (!s.positive) return;
        positives++;
        for (int rank = 0; rank < current.length; rank++) {
            if (current[rank] == s.movieId) {
                hits++;
                ndcgSum += 1.0 / (Math.log(rank + 2) / Math.log(2)); // 1 / log2(rank + 2)
                return;
            }
        }
    }

    private int[] top(int[] movies) {
        if (movies == null) return new int[0];
        return movies.length <= k ? movies.clone() : Arrays.copyOf(movies, k);
    }

    private void noteListed(int[] list) {
        for (int m : list) listedMovies.add(m);
    }

    private UserChain chain(int userId) {
        return users.computeIfAbsent(userId, u -> new UserChain());
    }

    /** The figures so far. */
    public Snapshot snapshot() {
        return new Snapshot(k, swipes, answered, lists, deadLetters, positives, hits, ndcgSum,
                listedMovies.size());
    }

    /** Figures at one moment; ratios are 0 when their denominator is. */
    public record Snapshot(int k, long swipes, long answered, long lists, long deadLetters, long positives, long hits,
                           double ndcgSum, int distinctListed) {
        public long pending() {
            return swipes - answered;
        }

        public double hitRate() {
            return positives == 0 ? 0 : (double) hits / positives;
        }

        public double ndcg() {
            return positives == 0 ? 0 : ndcgSum / positives;
        }

        public double coverage(int catalogueSize) {
            return catalogueSize <= 0 ? 0 : Math.min(1.0, (double) distinctListed / catalogueSize);
        }
    }

    private static final class UserChain {
        int[] current;
        final List<PendingSwipe> pending = new ArrayList<>();
        int next;
    }

    private static final class PendingSwipe {
        final String eventId;
        final int movieId;
        final boolean positive;
        boolean scored;

        PendingSwipe(String eventId, int movieId, boolean positive) {
            this.eventId = eventId;
            this.movieId = movieId;
            this.positive = positive;
        }
    }
}
