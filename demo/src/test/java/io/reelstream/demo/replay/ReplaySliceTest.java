package io.reelstream.demo.replay;

import io.reelstream.demo.stack.DataLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay the demo hands the connector: a cut slice written out replays as the very same swipes. */
class ReplaySliceTest {
    @TempDir
    Path dir;

    @Test
    void aCutSliceWrittenAsCsvReplaysTheSameSwipesInTheSameOrder() {
        ReplaySlice cut = ReplaySlice.load(DataLocator.bundled(), "validation", 500);
        assertEquals(500, cut.size());
        ReplaySlice again = ReplaySlice.load(cut.writeCsv(dir).getParent(), "all", 0);
        assertEquals(cut.size(), again.size());
        for (int i = 0; i < cut.size(); i++) {
            assertEquals(cut.eventId(i), again.eventId(i), "swipe " + i);
            assertEquals(cut.preference(i), again.preference(i), "preference of swipe " + i);
        }
    }

    @Test
    void theValidationSliceIsEachUsersNextTenthInTimeOrder() {
        ReplaySlice all = ReplaySlice.load(DataLocator.bundled(), "all", 0);
        ReplaySlice validation = ReplaySlice.load(DataLocator.bundled(), "validation", 0);
        assertTrue(validation.complete());
        Map<Integer, Integer> ratings = new HashMap<>();
        for (int i = 0; i < all.size(); i++) ratings.merge(all.userId(i), 1, Integer::sum);
        Map<Integer, Integer> validationPerUser = new HashMap<>();
        for (int i = 0; i < validation.size(); i++) validationPerUser.merge(validation.userId(i), 1, Integer::sum);
        // PROTOCOL: floor(0.9 n) - floor(0.8 n) per user
        ratings.forEach((user, n) -> assertEquals(9 * n / 10 - 8 * n / 10, (int) validationPerUser.getOrDefault(user, 0),
                "validation swipes of user " + user));
        for (int i = 1; i < validation.size(); i++) {
            assertTrue(validation.swipe(i - 1).getEventTime() <= validation.swipe(i).getEventTime(), "time order at " + i);
        }
    }
}
