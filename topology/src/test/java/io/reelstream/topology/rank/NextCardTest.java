package io.reelstream.topology.rank;

import io.reelstream.topology.model.CatalogItem;
import io.reelstream.topology.model.FoldInParams;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.state.UserState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NextCardTest {
    /** Movies 1..20, popularity = id order, content neighbours of m: m+10 (wrapping). */
    private static ModelSnapshot model() {
        List<CatalogItem> items = new ArrayList<>();
        for (int id = 1; id <= 20; id++) {
            items.add(new CatalogItem(id, new float[]{1f, id / 20f}, "Movie " + id, 2000, List.of(), 21 - id, id,
                    new int[]{(id + 9) % 20 + 1}));
        }
        return ModelSnapshot.build("v", 0L, items, FoldInParams.TRAINER_DEFAULTS, ScanRanker::new);
    }

    private static int movie(ModelSnapshot m, NextCard.Pick p) {
        return m.movieId(p.row());
    }

    @Test
    void aNewUserGetsTheMostPopularMovieNotJustSwiped() {
        ModelSnapshot m = model();
        assertEquals(1, movie(m, NextCard.choose(null, m, null, Set.of())));
        NextCard.Pick p = NextCard.choose(null, m, null, Set.of(1, 2));
        assertEquals(3, movie(m, p));
        assertTrue(p.because().startsWith("popular"));
    }

    @Test
    void dislikesOnlyStayOnPopularity() {
        ModelSnapshot m = model();
        UserState s = new UserState(1);
        s.recordSwipe(1, -1, 1);
        assertEquals(2, movie(m, NextCard.choose(s, m, null, Set.of())));
    }

    @Test
    void afterALikeTurnsAlternateBetweenTheListAndTheNeighbourhood() {
        ModelSnapshot m = model();
        UserState s = new UserState(1);
        s.recordSwipe(3, 2, 1); // judged = {3}: odd → explore near movie 3 (neighbour 13)
        RankedList list = new RankedList(1, "v", io.reelstream.core.model.ModelKind.ALS, Strategy.POPULAR,
                List.of(new RankedList.Entry(5, 1.0, "popular #1"), new RankedList.Entry(13, 0.9, "popular #2")));
        NextCard.Pick explore = NextCard.choose(s, m, list, Set.of());
        // 13 is movie 3's neighbour but already in the list, so nothing fresh nearby: the list's top
        assertEquals(5, movie(m, explore));
        RankedList other = new RankedList(1, "v", io.reelstream.core.model.ModelKind.ALS, Strategy.POPULAR,
                List.of(new RankedList.Entry(5, 1.0, "popular #1")));
        NextCard.Pick near = NextCard.choose(s, m, other, Set.of());
        assertEquals(13, movie(m, near));
        assertEquals("near Movie 3, which you liked", near.because());
        NextCard.Pick top = NextCard.choose(s, m, other, Set.of(7)); // judged = {3, 7}: even → the list
        assertEquals(5, movie(m, top));
        assertTrue(top.because().startsWith("top of your list"));
    }

    @Test
    void nothingLeftGivesNull() {
        ModelSnapshot m = model();
        Set<Integer> all = new java.util.HashSet<>();
        for (int id = 1; id <= 20; id++) all.add(id);
        assertNull(NextCard.choose(null, m, null, all));
    }
}
