package io.reelstream.topology.rest;

import io.reelstream.topology.model.CatalogItem;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.model.Serving;
import io.reelstream.topology.rank.Explanations;
import io.reelstream.topology.rank.NextCard;
import io.reelstream.topology.rank.RankedList;
import io.reelstream.topology.rank.Strategy;
import io.reelstream.topology.state.UserState;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The swipe page's routes: the next card, an item's explanation, the recent swipes (all answered
 * by the user's owner, like every user lookup) and the live event stream (answered by any instance,
 * fed by its {@link RecommendationsTail}).
 */
final class PageApi {
    /** The most swiped-but-unapplied cards a page sends in ?exclude=: a bound on the query's size. */
    static final int MAX_EXCLUDE = 200;

    private final RestApi api;
    private final SseHub hub;

    PageApi(RestApi api, SseHub hub) {
        this.api = api;
        this.hub = hub;
    }

    /** A new user's list: what the stream would rank for an empty history (popularity), marked cold start. */
    static RestServer.Response coldStart(RestApi api, int userId, int n, Serving.Assignment a) {
        ModelSnapshot m = a.model();
        RankedList list = api.engine().recommend(new UserState(userId), m, n);
        List<JsonBeans.Movie> items = new ArrayList<>(list.items().size());
        for (RankedList.Entry e : list.items()) items.add(RestApi.movieBean(m, e));
        return RestServer.Response.json(200, new PageBeans.ColdStartRecommendations(userId, list.modelVersion(),
                list.modelKind().wireName(), list.strategy().wireName(), a.experimentId(), a.arm(), items,
                api.servedBy(), true, "user " + userId + " has no swipes yet: the popularity list every new user starts from"));
    }

    RestServer.Response nextCard(int userId, Set<Integer> exclude, URI uri, boolean forwarded) {
        RestServer.Response remote = api.ownerAnswer(userId, uri, forwarded);
        if (remote != null) return remote;
        Serving.Assignment a = api.servingAssignment(userId);
        ModelSnapshot m = a.model();
        UserState state = api.stateOrNull(userId);
        RankedList list = null;
        if (state != null) {
            api.engine().alignVector(state, m);
            list = api.engine().recommend(state, m, 10);
        }
        NextCard.Pick pick = NextCard.choose(state, m, list, exclude);
        if (pick == null) {
            throw new ApiException(404, "not_found", "user " + userId + " has judged every movie of model " + m.version());
        }
        CatalogItem item = m.item(pick.row());
        return RestServer.Response.json(200, new PageBeans.Card(userId, item.movieId(), item.title(), item.year(),
                item.genres(), pick.because(), m.version(), api.servedBy()));
    }

    RestServer.Response explain(int userId, int movieId, int n, URI uri, boolean forwarded) {
        RestServer.Response remote = api.ownerAnswer(userId, uri, forwarded);
        if (remote != null) return remote;
        Serving.Assignment a = api.servingAssignment(userId);
        ModelSnapshot m = a.model();
        int row = m.rowOf(movieId);
        if (row < 0) throw new ApiException(404, "not_found", "movie " + movieId + " is not in model " + m.version());
        UserState state = api.stateOrNull(userId);
        if (state == null) state = new UserState(userId);
        api.engine().alignVector(state, m);
        Strategy strategy = api.engine().recommender().strategyFor(state, m);
        RankedList list = api.engine().recommend(state, m, api.maxN());
        Integer rank = null;
        String reason = null;
        double score;
        for (int i = 0; i < list.items().size() && rank == null; i++) {
            if (list.items().get(i).movieId() == movieId) {
                rank = i + 1;
                reason = list.items().get(i).reason();
            }
        }
        Explanations.Explanation x = Explanations.explain(state, m, strategy, row, n);
        score = strategy == Strategy.POPULAR ? m.item(row).popularityScore() : x.total();
        List<PageBeans.Contribution> terms = new ArrayList<>();
        for (Explanations.Contribution c : x.contributions()) {
            terms.add(new PageBeans.Contribution(c.movieId(), c.title(), c.preference(), c.value(),
                    x.total() == 0 ? null : c.value() / x.total()));
        }
        return RestServer.Response.json(200, new PageBeans.Explanation(userId, movieId, m.item(row).title(),
                m.version(), m.kind().wireName(), strategy.wireName(), rank, reason, score, x.measure(), terms,
                api.servedBy()));
    }

    RestServer.Response recentSwipes(int userId, int n, URI uri, boolean forwarded) {
        RestServer.Response remote = api.ownerAnswer(userId, uri, forwarded);
        if (remote != null) return remote;
        UserState state = api.stateOrNull(userId);
        ModelSnapshot m = api.servingAssignment(userId).model();
        List<PageBeans.RecentSwipe> out = new ArrayList<>();
        if (state != null) {
            for (int i = state.historySize() - 1; i >= 0 && out.size() < n; i--) { // the history is oldest first
                int movieId = state.movieAt(i);
                int row = m.rowOf(movieId);
                CatalogItem item = row < 0 ? null : m.item(row);
                out.add(new PageBeans.RecentSwipe(movieId, item == null ? null : item.title(),
                        item == null ? null : item.year(), state.preferenceAt(i), verdict(state.preferenceAt(i)),
                        state.timeAt(i)));
            }
        }
        return RestServer.Response.json(200, new PageBeans.RecentSwipes(userId, state == null ? 0 : state.swipeCount(),
                out, api.servedBy()));
    }

    void events(int userId, EventSink sink) throws IOException {
        hub.subscribe(userId, sink);
    }

    /** ?exclude=1,2,3: movieIds the page has just swiped; 400 for anything else. */
    static Set<Integer> exclude(String raw) {
        Set<Integer> out = new HashSet<>();
        if (raw == null || raw.isBlank()) return out;
        String[] parts = raw.split(",");
        if (parts.length > MAX_EXCLUDE) {
            throw new ApiException(400, "bad_request", "exclude lists " + parts.length + " movies; at most " + MAX_EXCLUDE);
        }
        for (String p : parts) out.add(RestApi.id(p.trim(), "exclude movie id"));
        return out;
    }

    static String verdict(int preference) {
        return switch (preference) {
            case -2 -> "strong no";
            case -1 -> "dislike";
            case 1 -> "like";
            case 2 -> "superlike";
            default -> "preference " + preference;
        };
    }
}
