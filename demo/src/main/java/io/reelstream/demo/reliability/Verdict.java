package io.reelstream.demo.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exactly-once verdict of a scenario, like Kafka's {@code streams_eos_test} verifier: every sent
 * swipe has exactly one outcome in read_committed output — one list naming it as its cause, or one
 * dead letter carrying it — and every user's swipe count on REST equals the swipes of theirs that got
 * a list.
 */
final class Verdict {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the swipe-count check may take in all. */
    private static final java.time.Duration CHECK_BUDGET = java.time.Duration.ofSeconds(120);

    /** Counts over the sent swipes, and the swipes applied per user (for {@link #swipeCountMismatches}). */
    record Counts(long sent, long applied, long lost, long twice, long deadLettered, Map<Integer, Integer> appliedPerUser) {}

    private Verdict() {}

    static Counts exactlyOnce(Map<String, SwipeLoad.Sent> sent, ListWatcher watcher) {
        long applied = 0, lost = 0, twice = 0, letters = 0;
        Map<Integer, Integer> perUser = new HashMap<>();
        for (Map.Entry<String, SwipeLoad.Sent> e : sent.entrySet()) {
            int lists = watcher.lists(e.getKey());
            int dead = watcher.letters(e.getKey());
            if (lists + dead == 0) lost++;
            if (lists + dead > 1) twice++;
            applied += Math.min(lists, 1);
            letters += Math.min(dead, 1);
            perUser.merge(e.getValue().userId(), lists > 0 ? 1 : 0, Integer::sum);
        }
        return new Counts(sent.size(), applied, lost, twice, letters, perUser);
    }

    /**
     * Users whose {@code swipeCount} on REST (asked of {@code rest}, which forwards to the owner)
     * differs from the count they had before the scenario ({@code before}, absent = 0) plus the swipes of
     * theirs applied; the first five go to {@code problems}.
     */
    static long swipeCountMismatches(ChildInstance rest, Map<Integer, Integer> appliedPerUser, Map<Integer, Long> before,
                                     List<String> problems) {
        long mismatches = 0;
        long deadline = System.nanoTime() + CHECK_BUDGET.toNanos();
        for (Map.Entry<Integer, Integer> e : appliedPerUser.entrySet()) {
            long count = swipeCount(rest, e.getKey(), deadline);
            long had = before.getOrDefault(e.getKey(), 0L);
            if (count != had + e.getValue() && mismatches++ < 5) {
                problems.add("user " + e.getKey() + ": REST swipeCount " + count + ", swipes applied " + e.getValue()
                        + (had > 0 ? " on top of " + had + " before the scenario" : ""));
            }
        }
        return mismatches;
    }

    /**
     * swipeCount of GET /users/{id} (any instance answers for any user); 0 for a 404, -1 when unreadable.
     * Retries a 503 (rebalancing) for up to 5 s, but not past {@code deadline}: a stack that does not
     * answer fails the check in bounded time instead of 5 s per user.
     */
    static long swipeCount(ChildInstance rest, int userId, long deadline) {
        for (int attempt = 0; attempt < 20 && (attempt == 0 || System.nanoTime() < deadline); attempt++) {
            ChildInstance.Answer a = rest.get("/users/" + userId);
            if (a.statusCode() == 404) return 0;
            if (a.statusCode() == 200) {
                try {
                    JsonNode n = JSON.readTree(a.body());
                    return n.path("swipeCount").asLong(-1);
                } catch (java.io.IOException e) {
                    return -1;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }
}
