package io.reelstream.topology.rank;

import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.state.UserState;

import java.util.HashSet;
import java.util.Set;

/**
 * Which movie the swipe page asks about next. A swipe teaches most where the model is unsure or
 * about to act, so:
 * <pre>
 *   no like yet          the most popular movie not judged: most people know it, so any answer says something
 *   even turns           the top of the user's current list: confirms or refutes what would be shown
 *   odd turns            a neighbour of the newest liked movie outside the list: explores next to known taste
 *   nothing left         the list, then popularity
 * </pre>
 * "Judged" is the stored history plus {@code exclude}: the cards the page has just swiped, whose
 * swipes the stream may not have applied yet. Pure: no Kafka, no I/O.
 */
public final class NextCard {
    private NextCard() {}

    /** The chosen row and a few words on why. */
    public record Pick(int row, String because) {
    }

    /**
     * @param state   the user's state, or null for a user without swipes
     * @param list    the user's current list (from the same state), or null
     * @param exclude movieIds not to ask about again
     * @return the pick, or null when every movie has been judged
     */
    public static Pick choose(UserState state, ModelSnapshot model, RankedList list, Set<Integer> exclude) {
        Set<Integer> judged = new HashSet<>(exclude);
        if (state != null) for (int i = 0; i < state.historySize(); i++) judged.add(state.movieAt(i));
        boolean anyLike = state != null && state.positiveCount() > 0;
        if (!anyLike) return popular(model, judged, "popular: most people have an opinion on it");
        boolean explore = judged.size() % 2 == 1;
        Pick pick = explore ? nearLiked(state, model, list, judged) : topOfList(model, list, judged);
        if (pick == null) pick = explore ? topOfList(model, list, judged) : nearLiked(state, model, list, judged);
        return pick != null ? pick : popular(model, judged, "popular");
    }

    private static Pick topOfList(ModelSnapshot model, RankedList list, Set<Integer> judged) {
        if (list == null) return null;
        for (RankedList.Entry e : list.items()) {
            int row = model.rowOf(e.movieId());
            if (row >= 0 && !judged.contains(e.movieId())) {
                return new Pick(row, "top of your list (" + e.reason() + "): is it right?");
            }
        }
        return null;
    }

    /** Newest liked movies first; their content neighbours, then their item-to-item neighbours. */
    private static Pick nearLiked(UserState state, ModelSnapshot model, RankedList list, Set<Integer> judged) {
        Set<Integer> listed = new HashSet<>();
        if (list != null) for (RankedList.Entry e : list.items()) listed.add(e.movieId());
        ItemNeighbours B = model.neighbours();
        for (int h = state.historySize() - 1; h >= 0; h--) {
            int liked = model.rowOf(state.movieAt(h));
            if (state.preferenceAt(h) <= 0 || liked < 0) continue;
            for (int row : model.neighbourRows(liked)) {
                if (fresh(model, row, judged, listed)) return near(model, row, liked);
            }
            if (B != null) {
                for (int e = B.start(liked); e < B.end(liked); e++) {
                    if (fresh(model, B.neighbour(e), judged, listed)) return near(model, B.neighbour(e), liked);
                }
            }
        }
        return null;
    }

    private static boolean fresh(ModelSnapshot model, int row, Set<Integer> judged, Set<Integer> listed) {
        int movieId = model.movieId(row);
        return !judged.contains(movieId) && !listed.contains(movieId);
    }

    private static Pick near(ModelSnapshot model, int row, int liked) {
        return new Pick(row, "near " + Explanations.name(model, liked) + ", which you liked");
    }

    private static Pick popular(ModelSnapshot model, Set<Integer> judged, String because) {
        int[] order = model.popularRows();
        for (int i = 0; i < order.length; i++) {
            if (!judged.contains(model.movieId(order[i]))) return new Pick(order[i], because + " (#" + (i + 1) + ")");
        }
        return null;
    }
}
