package io.reelstream.demo.reliability;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScenarioStackTest {

    @Test
    void anEvenAssignmentSettlesAfterTenQuietSeconds() {
        var even = Map.of("a", Set.of(0, 1, 2, 3), "b", Set.of(4, 5, 6, 7), "c", Set.of(8, 9, 10, 11));
        var oneShort = Map.of("a", Set.of(0, 1, 2, 3, 4), "b", Set.of(5, 6, 7), "c", Set.of(8, 9, 10, 11));
        assertEquals(Duration.ofSeconds(10), ScenarioStack.stillnessNeeded(even, 3));
        assertEquals(Duration.ofSeconds(10), ScenarioStack.stillnessNeeded(oneShort, 3));
    }

    @Test
    void aMemberTwoShortIsGivenAProbingRebalanceToGetThemBack() {
        // the kill9 run of 2026-12-07 12:12: Streams kept [6, 2, 4] through three probing rebalances
        var uneven = Map.of("a", Set.of(2, 5, 7, 8, 10, 11), "b", Set.of(1, 4), "c", Set.of(0, 3, 6, 9));
        assertEquals(Duration.ofSeconds(75), ScenarioStack.stillnessNeeded(uneven, 3));
    }
}
