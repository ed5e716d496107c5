package io.reelstream.topology.rank;

import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.preference.Preference;
import io.reelstream.topology.model.FoldInParams;
import io.reelstream.topology.model.ItemItemSettings;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.state.UserState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which swiped movies put an item in a user's list, and by how much, per strategy:
 * <pre>
 *   vector   c_j·p_j·y_iᵀA⁻¹y_j          the fold-in's exact split of y_iᵀxu (core FoldInExplanation)
 *   itemitem r_j·B[j, i]                  the item-to-item scorer's terms (core ItemItemScorer)
 *   content  preference_j / (1 + pos)     byContent's terms: pos = i's place in j's neighbour list
 *   popular  nothing: the list is not personal
 * </pre>
 * For vector lists the split is of the fold-in over the stored history with the version's λ and α;
 * a user whose vector came another way (the gradient or static rule, a trainer seed) is explained
 * by the fold-in of the same history, which is what that vector approximates. No Kafka here.
 */
public final class Explanations {
    private Explanations() {}

    /** One history movie's share of an item's score. */
    public record Contribution(int movieId, String title, int preference, double value) {
    }

    /** An item's score under the user's strategy, split over the history, largest first. */
    public record Explanation(Strategy strategy, String measure, double total, List<Contribution> contributions) {
    }

    /**
     * For byVector: per listed row, "because you liked X" naming the history movie with the largest
     * fold-in contribution, or a generic reason when no liked movie contributes positively.
     * One A factorisation for the whole list: O(h·k² + k³/3 + n·(k² + h·k)) for a history of h.
     */
    static String[] vectorReasons(UserState state, ModelSnapshot model, int[] rows, int count) {
        String[] out = new String[count];
        FoldInTerms terms = FoldInTerms.of(state, model);
        int[] strongest = terms == null ? null : terms.strongest(model, rows, count);
        for (int t = 0; t < count; t++) {
            int j = strongest == null ? -1 : strongest[t];
            out[t] = j < 0 ? "close to the movies you liked" : model.becauseYouLiked(terms.rows[j]);
        }
        return out;
    }

    /** The top {@code limit} contributions to {@code movieRow}'s score for this user under {@code strategy}. */
    public static Explanation explain(UserState state, ModelSnapshot model, Strategy strategy, int movieRow, int limit) {
        List<Contribution> all = switch (strategy) {
            case VECTOR -> vector(state, model, movieRow);
            case ITEMITEM, BLEND -> itemItem(state, model, movieRow); // a blend's reasons come from its item-to-item side
            case CONTENT -> content(state, model, movieRow);
            case POPULAR -> List.of();
        };
        double total = 0;
        for (Contribution c : all) total += c.value();
        List<Contribution> top = all.stream().sorted(Comparator.comparingDouble(Contribution::value).reversed())
                .limit(limit).toList();
        String measure = switch (strategy) {
            case VECTOR -> "c_j·p_j·y_iᵀA⁻¹y_j (implicit-ALS fold-in split; sums to the item's score y_iᵀxu)";
            case ITEMITEM -> "r_j·B[j,i] (recency × preference weight times the neighbour weight)";
            case BLEND -> "r_j·B[j,i] of the blend's item-to-item side (weighted 1 − β; the ALS side is not split)";
            case CONTENT -> "preference_j / (1 + position of the item in j's content neighbours)";
            case POPULAR -> "none: popular lists are not personal";
        };
        return new Explanation(strategy, measure, total, top);
    }

    private static List<Contribution> vector(UserState state, ModelSnapshot model, int movieRow) {
        FoldInTerms terms = FoldInTerms.of(state, model);
        if (terms == null) return List.of();
        double[] c = terms.contributions(model, new int[]{movieRow})[0];
        List<Contribution> out = new ArrayList<>();
        for (int j = 0; j < terms.count; j++) {
            if (terms.pu[j] == 0) continue; // a dislike adds nothing directly (p_j = 0)
            out.add(contribution(state, model, terms.rows[j], c[j]));
        }
        return out;
    }

    private static List<Contribution> itemItem(UserState state, ModelSnapshot model, int movieRow) {
        ItemNeighbours B = model.neighbours();
        if (B == null) return List.of();
        ItemItemSettings settings = model.itemItem();
        int n = state.historySize();
        long[] times = new long[n];
        float[] r = new float[n];
        for (int h = 0; h < n; h++) times[h] = state.timeAt(h);
        settings.recency().weigh(times, n, r);
        List<Contribution> out = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            int j = model.rowOf(state.movieAt(h));
            if (j < 0) continue;
            float rj = r[h] * settings.preferences().of(state.preferenceAt(h)); // r_j = recency · x(preference)
            for (int e = B.start(j); e < B.end(j); e++) {
                if (B.neighbour(e) == movieRow && rj != 0f) out.add(contribution(state, model, j, rj * B.weight(e)));
            }
        }
        return out;
    }

    private static List<Contribution> content(UserState state, ModelSnapshot model, int movieRow) {
        List<Contribution> out = new ArrayList<>();
        int sources = 0;
        for (int h = state.historySize() - 1; h >= 0 && sources < Recommender.CONTENT_SOURCES; h--) { // newest first
            int pref = state.preferenceAt(h);
            int likedRow = model.rowOf(state.movieAt(h));
            if (pref <= 0 || likedRow < 0) continue;
            sources++;
            int[] neighbours = model.neighbourRows(likedRow);
            for (int pos = 0; pos < neighbours.length; pos++) {
                if (neighbours[pos] == movieRow) out.add(contribution(state, model, likedRow, pref / (1.0 + pos)));
            }
        }
        return out;
    }

    private static Contribution contribution(UserState state, ModelSnapshot model, int row, double value) {
        int movieId = model.movieId(row);
        return new Contribution(movieId, name(model, row), state.preferenceOf(movieId), value);
    }

    static String name(ModelSnapshot model, int row) {
        return model.displayName(row);
    }

    /** The fold-in's inputs for a user, as FoldInRule builds them: rows, c_j, p_j and λ of the known history. */
    private record FoldInTerms(int[] rows, float[] cu, float[] pu, int count, double lambda) {
        static FoldInTerms of(UserState state, ModelSnapshot model) {
            int n = state.historySize();
            int[] rows = new int[n];
            float[] cu = new float[n];
            float[] pu = new float[n];
            FoldInParams p = model.foldIn();
            int count = 0;
            for (int h = 0; h < n; h++) {
                int row = model.rowOf(state.movieAt(h));
                if (row < 0) continue; // a movie this version does not know has no factors, no say
                rows[count] = row;
                cu[count] = Preference.confidence(state.preferenceAt(h), p.alpha());
                pu[count] = Preference.target(state.preferenceAt(h));
                count++;
            }
            return count == 0 ? null : new FoldInTerms(rows, cu, pu, count, p.lambdaFor(count, model.YtY()));
        }

        /** Each of the first {@code listed} targets' largest contributor (index into rows), or −1: once per emitted list. */
        int[] strongest(ModelSnapshot model, int[] targets, int listed) {
            return model.foldInSolver().strongest(rows, cu, pu, count, lambda, targets, listed);
        }

        /** Through the version's fold-in solver: its Woodbury route for short histories (one per emitted list). */
        double[][] contributions(ModelSnapshot model, int[] targets) {
            return model.foldInSolver().contributions(rows, cu, pu, count, lambda, targets);
        }
    }
}
