package io.reelstream.topology.online;

import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.topology.state.UserState;
import io.reelstream.topology.state.UserStateSerde;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnlineCountsTest {
    @Test
    void aSwipeIsJudgedAgainstTheListShownBeforeItInThatListsScope() {
        UserState s = new UserState(7);
        assertNull(SwipeJudgement.judge(s, 5, 2), "nothing shown yet: nothing to judge");
        s.showList(new int[] {5, 6, 7}, "exp/e1/treatment");
        SwipeJudgement hit = SwipeJudgement.judge(s, 6, 1);
        assertEquals(new SwipeJudgement("exp/e1/treatment", true, true, true), hit);
        SwipeJudgement miss = SwipeJudgement.judge(s, 9, 2);
        assertEquals(new SwipeJudgement("exp/e1/treatment", false, true, false), miss, "counted as a user once");
        SwipeJudgement shownDislike = SwipeJudgement.judge(s, 5, -1);
        assertFalse(shownDislike.positive());
        assertTrue(shownDislike.shown());

        ArmTally t = new ArmTally();
        for (SwipeJudgement j : new SwipeJudgement[] {hit, miss, shownDislike}) t.add(j.newUser(), j.positive(), j.shown());
        assertEquals(new ArmTally(1, 3, 2, 2, 1), t, "users, swipes, positives, shown, hits");
    }

    @Test
    void countedScopesAreCappedAndSurviveTheStateSerde() {
        UserState s = new UserState(1);
        for (int i = 0; i < 6; i++) assertTrue(s.countInScope("version/v" + i));
        assertEquals(UserState.MAX_COUNTED_SCOPES, s.countedScopes().length);
        assertFalse(s.countInScope("version/v5"));
        s.showList(new int[] {3, 1}, "version/v5");
        UserState back = UserStateSerde.decode(UserStateSerde.encode(s));
        assertArrayEquals(s.countedScopes(), back.countedScopes());
        assertArrayEquals(new int[] {3, 1}, back.lastShown());
        assertEquals("version/v5", back.lastShownScope());
    }

    @Test
    void partialsAndTotalsRoundTripAndBadBytesAreNamed() {
        ScopeCounts c = new ScopeCounts(3, "run_a", new ArmTally(1, 2, 3, 4, 5));
        ScopeCounts back = ScopeCounts.decode(c.encode());
        assertEquals(3, back.partition());
        assertEquals("run_a", back.modelVersion());
        assertEquals(c.tally(), back.tally());
        assertThrows(IllegalArgumentException.class, () -> ScopeCounts.decode(new byte[] {1, 2}));
    }

    /** Totals sum the newest partial of each partition; a window holds what arrived since its boundary. */
    @Test
    void totalsSumPartitionsAndWindowsRoll() {
        ScopeTotals totals = new ScopeTotals();
        long minute = 60_000;
        String scope = "exp/e1/control";
        totals.update(scope, new ScopeCounts(0, "v1", new ArmTally(1, 10, 6, 4, 2)), 5_000, minute);
        OnlineMetrics m = totals.update(scope, new ScopeCounts(1, "v1", new ArmTally(2, 5, 3, 1, 1)), 6_000, minute);
        assertEquals(15, m.getCumulative().getSwipes());
        assertEquals(15, m.getWindow().getSwipes(), "the first window holds everything so far");
        assertEquals("e1", m.getExperimentId());
        assertEquals("control", m.getArm());

        m = totals.update(scope, new ScopeCounts(0, "v1", new ArmTally(1, 12, 7, 5, 3)), 7_000, minute); // restated, grown
        assertEquals(17, m.getCumulative().getSwipes(), "a partition's newest cumulative replaces its older one");

        m = totals.update(scope, new ScopeCounts(1, "v1", new ArmTally(2, 9, 5, 2, 1)), minute + 1_000, minute);
        assertEquals(21, m.getCumulative().getSwipes());
        assertEquals(4, m.getWindow().getSwipes(), "the new window: 21 − 17");
        assertEquals(minute, m.getWindowStart());

        ScopeTotals restored = ScopeTotals.decode(totals.encode());
        assertEquals(totals.total(), restored.total());
        assertEquals(4, restored.metrics(scope, minute + 2_000, minute).getWindow().getSwipes());
    }
}
