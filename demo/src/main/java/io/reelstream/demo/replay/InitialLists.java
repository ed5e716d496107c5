package io.reelstream.demo.replay;

import io.reelstream.demo.rest.RestProbe;

import java.io.IOException;
import java.util.Set;

/**
 * The list each replayed user sees before their first swipe, from REST: a trained user's top-K from
 * the seeded vector; a user the topology has no state for (404) starts from the popular list.
 */
public final class InitialLists {
    private InitialLists() {}

    /** A tracker primed with every user's initial list. */
    public static HitTracker fetch(RestProbe rest, Set<Integer> users, int k) throws IOException, InterruptedException {
        HitTracker tracker = new HitTracker(k, rest.popular(k));
        for (int user : users) {
            int[] list = rest.recommendations(user, k);
            if (list != null) tracker.initialList(user, list);
        }
        return tracker;
    }
}
