package io.reelstream.topology.state;

import java.util.Arrays;

/**
 * Everything the topology keeps per user, the value of the {@code user-state} store: the swipe
 * history (movieId → latest preference and its event time, oldest first; also the seen filter), the user's
 * vector with the model version it lives in, and counters for REST.
 *
 * <p>One value per user rather than one row per (user, movie): a swipe needs the whole history
 * anyway (the fold-in solves over it, the seen filter excludes it), so one get and one put per
 * swipe beat a range scan. Mutable, confined to the stream task (or a REST request) that read it.
 */
public final class UserState {
    private final int userId;
    private int[] movies = new int[8];
    private byte[] preferences = new byte[8];
    private long[] times = new long[8];
    private int size;

    /** The user's vector, or null before the first vector is computed. */
    private float[] vector;
    /** The model version {@link #vector} was computed against; null with no vector. */
    private String vectorVersion;
    /** True once the trainer seeded this user (a known user starts warm). */
    private boolean seeded;
    private long swipeCount;
    private long lastUpdateMs;
    private String lastEventId;
    /** The movies of the list last emitted to the user, best first (the "shown" list), or empty. */
    private int[] lastShown = new int[0];
    /** The online-metrics scope that list was served under (version/…, exp/…/arm), or null. */
    private String lastShownScope;
    /** Scopes this user was already counted in as a user (newest last, at most {@link #MAX_COUNTED_SCOPES}). */
    private String[] countedScopes = new String[0];

    /** Enough for the production scope and an experiment's arm, with room for a change of each. */
    public static final int MAX_COUNTED_SCOPES = 4;

    /**
     * How many of the user's latest applied event ids are remembered for deduplication: a swipe
     * delivered again (a producer retry without idempotence, a source connector replaying from its
     * last committed position) arrives within the user's next few swipes, not 64 later. 512 bytes
     * of state per user, no extra store read or write per swipe.
     */
    public static final int RECENT_EVENT_IDS = 64;
    /** 64-bit hashes of the latest applied event ids, oldest first (at most {@link #RECENT_EVENT_IDS}). */
    private long[] recentEvents = new long[0];

    public UserState(int userId) {
        this.userId = userId;
    }

    public int userId() { return userId; }
    public int historySize() { return size; }
    public int movieAt(int i) { return movies[i]; }
    public int preferenceAt(int i) { return preferences[i]; }
    public long timeAt(int i) { return times[i]; }
    public float[] vector() { return vector; }
    public String vectorVersion() { return vectorVersion; }
    public boolean seeded() { return seeded; }
    public long swipeCount() { return swipeCount; }
    public long lastUpdateMs() { return lastUpdateMs; }
    public String lastEventId() { return lastEventId; }
    public int[] lastShown() { return lastShown; }
    public String lastShownScope() { return lastShownScope; }
    public String[] countedScopes() { return countedScopes; }

    /** Remembers the list just emitted, so the next swipe can be judged against it (hit rate). */
    public void showList(int[] movies, String scope) {
        this.lastShown = movies;
        this.lastShownScope = scope;
    }

    /** True the first time the user is counted in {@code scope}; remembers it (oldest forgotten beyond the cap). */
    public boolean countInScope(String scope) {
        for (String s : countedScopes) if (s.equals(scope)) return false;
        int keep = Math.min(countedScopes.length, MAX_COUNTED_SCOPES - 1);
        String[] next = new String[keep + 1];
        System.arraycopy(countedScopes, countedScopes.length - keep, next, 0, keep);
        next[keep] = scope;
        countedScopes = next;
        return true;
    }

    /** Index of movieId in the history, or -1. O(history). */
    public int indexOf(int movieId) {
        for (int i = 0; i < size; i++) if (movies[i] == movieId) return i;
        return -1;
    }

    /** Latest preference for the movie, or 0 when never swiped. */
    public int preferenceOf(int movieId) {
        int i = indexOf(movieId);
        return i < 0 ? 0 : preferences[i];
    }

    /** Swipes whose latest preference is positive (like or superlike): drives the cold-start ladder. */
    public int positiveCount() {
        int n = 0;
        for (int i = 0; i < size; i++) if (preferences[i] > 0) n++;
        return n;
    }

    /**
     * Records a swipe; a repeated movie keeps only its newest preference (by event time, ties to
     * the later arrival), because the user changed their mind. Returns true if the history changed.
     * The history stays sorted by (event time, movieId), oldest first, so the recency weights and
     * the content strategy read it in order without sorting: a swipe newer than all others (the
     * usual case) is appended; an older one shifts the newer ones by one. O(history).
     */
    public boolean recordSwipe(int movieId, int preference, long eventTime) {
        int i = indexOf(movieId);
        if (i >= 0) {
            if (eventTime < times[i]) return false;
            if (eventTime == times[i]) {
                preferences[i] = (byte) preference;
                return true;
            }
            removeAt(i); // re-inserted below at its new time
        }
        if (size == movies.length) grow();
        int pos = size;
        while (pos > 0 && (times[pos - 1] > eventTime || (times[pos - 1] == eventTime && movies[pos - 1] > movieId))) pos--;
        System.arraycopy(movies, pos, movies, pos + 1, size - pos);
        System.arraycopy(preferences, pos, preferences, pos + 1, size - pos);
        System.arraycopy(times, pos, times, pos + 1, size - pos);
        movies[pos] = movieId;
        preferences[pos] = (byte) preference;
        times[pos] = eventTime;
        size++;
        return true;
    }

    private void removeAt(int i) {
        System.arraycopy(movies, i + 1, movies, i, size - i - 1);
        System.arraycopy(preferences, i + 1, preferences, i, size - i - 1);
        System.arraycopy(times, i + 1, times, i, size - i - 1);
        size--;
    }

    /** Counts one processed swipe event (also a repeat of a movie or an older one) and remembers its id. */
    public void countSwipe(String eventId, long nowMs) {
        swipeCount++;
        lastEventId = eventId;
        lastUpdateMs = nowMs;
        if (eventId != null) rememberEvent(eventHash(eventId));
    }

    /**
     * True when a swipe with this event id was applied to the user among their latest
     * {@link #RECENT_EVENT_IDS}: applying it again would count it twice (swipeCount, online metrics,
     * the gradient rule's step). Compares 64-bit hashes: two distinct ids of one user collide with
     * probability ~64/2⁶⁴ per swipe. O(RECENT_EVENT_IDS).
     */
    public boolean applied(String eventId) {
        long h = eventHash(eventId);
        for (long e : recentEvents) if (e == h) return true;
        return false;
    }

    /** The remembered event-id hashes, oldest first (serde). */
    public long[] recentEvents() { return recentEvents; }

    private void rememberEvent(long hash) {
        int keep = Math.min(recentEvents.length, RECENT_EVENT_IDS - 1);
        long[] next = new long[keep + 1];
        System.arraycopy(recentEvents, recentEvents.length - keep, next, 0, keep);
        next[keep] = hash;
        recentEvents = next;
    }

    /**
     * 64-bit FNV-1a over the id's UTF-16 chars, then MurmurHash3's fmix64 finaliser to spread the bits:
     * stable across JVMs and versions (it is persisted), unlike String.hashCode's 32 bits.
     */
    static long eventHash(String eventId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            h ^= eventId.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    void restoreRecentEvents(long[] hashes) {
        this.recentEvents = hashes;
    }

    public void setVector(float[] vector, String version) {
        this.vector = vector;
        this.vectorVersion = vector == null ? null : version;
    }

    public void markSeeded(long nowMs) {
        this.seeded = true;
        this.lastUpdateMs = nowMs;
    }

    /**
     * True when the vector exists, lives in the given model version, has its k and is finite: a
     * vector failing any of these (a seed of another k, a NaN from upstream) is rebuilt from the
     * history rather than handed to the ranker.
     */
    public boolean vectorIsFor(String version, int k) {
        if (vector == null || version == null || !version.equals(vectorVersion) || vector.length != k) return false;
        for (float v : vector) if (!Float.isFinite(v)) return false;
        return true;
    }

    /**
     * History indices sorted by (event time, movieId) ascending: the replay order of the gradient rule.
     * The history is kept in that order, so this is 0..size−1; index i is the i-th oldest swipe.
     */
    public int[] chronologicalOrder() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = i;
        return out;
    }

    void restoreShown(int[] lastShown, String lastShownScope, String[] countedScopes) {
        this.lastShown = lastShown;
        this.lastShownScope = lastShownScope;
        this.countedScopes = countedScopes;
    }

    void restore(int[] movies, byte[] preferences, long[] times, int size, float[] vector, String vectorVersion,
                 boolean seeded, long swipeCount, long lastUpdateMs, String lastEventId) {
        this.movies = movies;
        this.preferences = preferences;
        this.times = times;
        this.size = size;
        sortIfNeeded(); // a state written before the history was kept in order
        this.vector = vector;
        this.vectorVersion = vectorVersion;
        this.seeded = seeded;
        this.swipeCount = swipeCount;
        this.lastUpdateMs = lastUpdateMs;
        this.lastEventId = lastEventId;
    }

    private void sortIfNeeded() {
        boolean sorted = true;
        for (int i = 1; i < size && sorted; i++) {
            sorted = times[i - 1] < times[i] || (times[i - 1] == times[i] && movies[i - 1] < movies[i]);
        }
        if (sorted) return;
        Integer[] idx = new Integer[size];
        for (int i = 0; i < size; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> times[a] != times[b] ? Long.compare(times[a], times[b]) : Integer.compare(movies[a], movies[b]));
        int[] m = new int[movies.length];
        byte[] p = new byte[movies.length];
        long[] t = new long[movies.length];
        for (int i = 0; i < size; i++) {
            m[i] = movies[idx[i]];
            p[i] = preferences[idx[i]];
            t[i] = times[idx[i]];
        }
        movies = m;
        preferences = p;
        times = t;
    }

    private void grow() {
        int n = movies.length * 2;
        movies = Arrays.copyOf(movies, n);
        preferences = Arrays.copyOf(preferences, n);
        times = Arrays.copyOf(times, n);
    }
}
