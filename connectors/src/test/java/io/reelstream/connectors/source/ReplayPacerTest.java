package io.reelstream.connectors.source;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReplayPacerTest {
    static final long MS = 1_000_000L;

    @Test
    void unpacedIsAlwaysDueNow() {
        ReplayPacer pacer = new ReplayPacer(0, 0);
        assertFalse(pacer.paced());
        assertEquals(5 * MS, pacer.dueNanos(1_000, 5 * MS));
        assertEquals(6 * MS, pacer.dueNanos(999_999_000, 6 * MS));
    }

    @Test
    void speedFactorScalesEventTimeGaps() {
        ReplayPacer pacer = new ReplayPacer(1000, 0); // 1000 s of event time per wall second
        long start = 7 * MS;
        assertEquals(start, pacer.dueNanos(50_000, start));
        pacer.emitted(start);
        // 10 s of event time later -> 10 ms of wall time later, whenever it is asked
        assertEquals(start + 10 * MS, pacer.dueNanos(60_000, start + 1));
        // an earlier event time (never happens in a replay) is due now
        assertEquals(start + 2, pacer.dueNanos(40_000, start + 2));
    }

    @Test
    void rateLimitSpacesSwipesOneIntervalApart() {
        ReplayPacer pacer = new ReplayPacer(0, 100); // 10 ms apart
        long due0 = pacer.dueNanos(0, 0);
        pacer.emitted(due0);
        long due1 = pacer.dueNanos(0, 1);
        pacer.emitted(due1);
        long due2 = pacer.dueNanos(0, 2);
        assertEquals(0, due0);
        assertEquals(10 * MS, due1);
        assertEquals(20 * MS, due2);
    }

    @Test
    void bothTakesTheLaterTime() {
        ReplayPacer pacer = new ReplayPacer(1000, 10); // events 1 s apart in event time -> 1 ms; rate -> 100 ms
        long due0 = pacer.dueNanos(0, 0);
        pacer.emitted(due0);
        assertEquals(100 * MS, pacer.dueNanos(1_000, 0));
        ReplayPacer slowEvents = new ReplayPacer(1, 1000); // event gap 1 s -> 1 s; rate -> 1 ms
        slowEvents.emitted(slowEvents.dueNanos(0, 0));
        assertEquals(1000 * MS, slowEvents.dueNanos(1_000, 0));
    }

    @Test
    void rejectsNegativeOrNaN() {
        assertThrows(IllegalArgumentException.class, () -> new ReplayPacer(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReplayPacer(0, Double.NaN));
    }
}
