package io.reelstream.topology.state;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
