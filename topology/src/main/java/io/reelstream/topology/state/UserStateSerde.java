package io.reelstream.topology.state;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Binary serde of {@link UserState} for the RocksDB store and its changelog. Internal state, not a
 * wire contract, so a compact hand-written layout (big-endian) beats Avro here:
 * <pre>
 *   byte format=2 | int userId | byte flags (1 = seeded, 2 = has vector) | long swipeCount
 *   | long lastUpdateMs | string lastEventId | [string vectorVersion | int k | k × float]
 *   | int n | n × (int movieId, byte preference, long eventTime)
 *   | string lastShownScope | int s | s × int movieId | int c | c × string countedScope
 *   | int e | e × long eventIdHash
 * </pre>
 * string = int length (−1 for null) + UTF-8 bytes. Older formats still decode: 2 (without the last
 * line, before deduplication: no event ids remembered yet) and 1 (without the last two lines, before
 * online metrics existed: nothing shown yet either).
 */
public final class UserStateSerde implements Serde<UserState> {
    private static final byte FORMAT = 3;
    private static final byte FORMAT_WITHOUT_EVENTS = 2;
    private static final byte FORMAT_WITHOUT_SHOWN = 1;
    private static final int FLAG_SEEDED = 1;
    private static final int FLAG_VECTOR = 2;

    @Override
    public Serializer<UserState> serializer() {
        return (topic, s) -> s == null ? null : encode(s);
    }

    @Override
    public Deserializer<UserState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public static byte[] encode(UserState s) {
        byte[] eventId = utf8(s.lastEventId());
        byte[] version = utf8(s.vectorVersion());
        float[] v = s.vector();
        int n = s.historySize();
        byte[] shownScope = utf8(s.lastShownScope());
        int[] shown = s.lastShown();
        String[] scopes = s.countedScopes();
        byte[][] scopeBytes = new byte[scopes.length][];
        int scopesLen = 0;
        for (int i = 0; i < scopes.length; i++) {
            scopeBytes[i] = utf8(scopes[i]);
            scopesLen += 4 + scopeBytes[i].length;
        }
        int len = 1 + 4 + 1 + 8 + 8 + 4 + len(eventId) + (v == null ? 0 : 4 + len(version) + 4 + 4 * v.length)
                + 4 + n * 13 + 4 + len(shownScope) + 4 + 4 * shown.length + 4 + scopesLen
                + 4 + 8 * s.recentEvents().length;
        ByteBuffer b = ByteBuffer.allocate(len);
        b.put(FORMAT).putInt(s.userId());
        b.put((byte) ((s.seeded() ? FLAG_SEEDED : 0) | (v != null ? FLAG_VECTOR : 0)));
        b.putLong(s.swipeCount()).putLong(s.lastUpdateMs());
        putString(b, eventId);
        if (v != null) {
            putString(b, version);
            b.putInt(v.length);
            for (float f : v) b.putFloat(f);
        }
        b.putInt(n);
        for (int i = 0; i < n; i++) {
            b.putInt(s.movieAt(i)).put((byte) s.preferenceAt(i)).putLong(s.timeAt(i));
        }
        putString(b, shownScope);
        b.putInt(shown.length);
        for (int m : shown) b.putInt(m);
        b.putInt(scopeBytes.length);
        for (byte[] scope : scopeBytes) putString(b, scope);
        b.putInt(s.recentEvents().length);
        for (long e : s.recentEvents()) b.putLong(e);
        return b.array();
    }

    public static UserState decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte format = b.get();
            if (format != FORMAT && format != FORMAT_WITHOUT_EVENTS && format != FORMAT_WITHOUT_SHOWN) {
                throw new SerializationException("user-state value has format " + format + ", expected " + FORMAT
                        + "; the state dir was written by another version: delete it to rebuild from the changelog");
            }
            UserState s = new UserState(b.getInt());
            int flags = b.get();
            long swipes = b.getLong();
            long lastUpdate = b.getLong();
            String eventId = getString(b);
            float[] vector = null;
            String version = null;
            if ((flags & FLAG_VECTOR) != 0) {
                version = getString(b);
                vector = new float[b.getInt()];
                for (int a = 0; a < vector.length; a++) vector[a] = b.getFloat();
            }
            int n = b.getInt();
            int cap = Math.max(8, n);
            int[] movies = new int[cap];
            byte[] prefs = new byte[cap];
            long[] times = new long[cap];
            for (int i = 0; i < n; i++) {
                movies[i] = b.getInt();
                prefs[i] = b.get();
                times[i] = b.getLong();
            }
            s.restore(movies, prefs, times, n, vector, version, (flags & FLAG_SEEDED) != 0, swipes, lastUpdate, eventId);
            if (format >= FORMAT_WITHOUT_EVENTS) {
                String shownScope = getString(b);
                int[] shown = new int[b.getInt()];
                for (int i = 0; i < shown.length; i++) shown[i] = b.getInt();
                String[] scopes = new String[b.getInt()];
                for (int i = 0; i < scopes.length; i++) scopes[i] = getString(b);
                s.restoreShown(shown, shownScope, scopes);
            }
            if (format >= FORMAT) {
                long[] events = new long[b.getInt()];
                for (int i = 0; i < events.length; i++) events[i] = b.getLong();
                s.restoreRecentEvents(events);
            }
            return s;
        } catch (java.nio.BufferUnderflowException e) {
            throw new SerializationException("user-state value is truncated (" + bytes.length + " bytes)", e);
        }
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int len(byte[] s) {
        return s == null ? 0 : s.length;
    }

    private static void putString(ByteBuffer b, byte[] s) {
        if (s == null) {
            b.putInt(-1);
        } else {
            b.putInt(s.length).put(s);
        }
    }

    private static String getString(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) return null;
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
