package io.reelstream.topology.state;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserStateSerdeTest {
    @Test
    void roundTripsHistoryVectorAndCounters() {
        UserState s = new UserState(42);
        for (int i = 0; i < 20; i++) s.recordSwipe(100 + i, i % 2 == 0 ? 2 : -1, 1000L + i);
        s.recordSwipe(100, -2, 5000L); // changed mind: newest wins
        s.setVector(new float[]{0.5f, -1.25f, 3f}, "run_1");
        s.markSeeded(77);
        s.countSwipe("evt-9", 123456789L);

        UserState back = UserStateSerde.decode(UserStateSerde.encode(s));
        assertEquals(42, back.userId());
        assertEquals(20, back.historySize());
        assertEquals(-2, back.preferenceOf(100));
        assertEquals(5000L, back.timeAt(back.indexOf(100)));
        assertEquals(2, back.preferenceOf(102));
        assertArrayEquals(new float[]{0.5f, -1.25f, 3f}, back.vector());
        assertEquals("run_1", back.vectorVersion());
        assertTrue(back.seeded());
        assertEquals(1, back.swipeCount());
        assertEquals("evt-9", back.lastEventId());
        assertEquals(123456789L, back.lastUpdateMs());
        assertEquals(9, back.positiveCount()); // 10 superlikes at even i, one of them (100) changed to −2
    }

    @Test
    void olderEventForTheSameMovieDoesNotOverwrite() {
        UserState s = new UserState(1);
        s.recordSwipe(5, 2, 100);
        s.recordSwipe(5, -2, 50);
        assertEquals(2, s.preferenceOf(5));
        UserState back = UserStateSerde.decode(UserStateSerde.encode(s));
        assertNull(back.vector());
        assertEquals(1, back.historySize());
    }

    @Test
    void remembersTheLatestEventIdsAcrossARoundTrip() {
        UserState s = new UserState(7);
        for (int i = 0; i < UserState.RECENT_EVENT_IDS + 10; i++) s.countSwipe("evt-" + i, i);

        UserState back = UserStateSerde.decode(UserStateSerde.encode(s));

        assertEquals(UserState.RECENT_EVENT_IDS, back.recentEvents().length);
        assertTrue(back.applied("evt-" + (UserState.RECENT_EVENT_IDS + 9)), "the newest is remembered");
        assertTrue(back.applied("evt-10"), "the oldest still remembered");
        assertFalse(back.applied("evt-9"), "beyond the window: forgotten");
        assertFalse(back.applied("evt-never"));
    }

    @Test
    void aFormat2StateDecodesWithNoEventIdsRemembered() {
        UserState s = new UserState(3);
        s.recordSwipe(10, 1, 100);
        s.countSwipe("evt-1", 5);
        byte[] v3 = UserStateSerde.encode(s);
        // format 2 = format 3 without the trailing event-id block (int count + 8 bytes per id)
        byte[] v2 = java.util.Arrays.copyOf(v3, v3.length - 4 - 8 * s.recentEvents().length);
        v2[0] = 2;

        UserState back = UserStateSerde.decode(v2);

        assertEquals(1, back.historySize());
        assertEquals(1, back.swipeCount());
        assertEquals(0, back.recentEvents().length);
        assertFalse(back.applied("evt-1"));
    }
}
