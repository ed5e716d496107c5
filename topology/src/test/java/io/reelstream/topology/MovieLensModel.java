package io.reelstream.topology;

import io.reelstream.core.als.AlsListener;
import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.core.preference.Preference;
import io.reelstream.schemas.HistoryEntry;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.UserSeed;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ml-latest-small split per PROTOCOL.md (per user by (timestamp, movieId): train = first
 * floor(0.8n), validation = next floor(0.9n) − floor(0.8n)) and an implicit-ALS model fitted on the
 * train slice with core's ImplicitAls at the trainer's defaults — the trainer's maths without
 * depending on the trainer module. Provides the records the publisher would write.
 */
final class MovieLensModel {
    record Rating(int userId, int movieId, int preference, long timestampSec) {
    }

    final List<Rating> train = new ArrayList<>();
    final List<Rating> validation = new ArrayList<>();
    final int[] userIds;
    final int[] movieIds;
    final AlsModel als;
    private final Map<Integer, Integer> userIndex = new HashMap<>();
    private final Map<Integer, Integer> movieIndex = new HashMap<>();

    MovieLensModel(Path ratingsCsv, AlsParams params) throws IOException {
        Map<Integer, List<Rating>> byUser = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(ratingsCsv, StandardCharsets.UTF_8)) {
            String line = in.readLine(); // header
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String[] f = line.split(",");
                if (f.length < 4) throw new IOException(ratingsCsv + ":" + lineNo + ": expected 4 fields, got '" + line + "'");
                byUser.computeIfAbsent(Integer.parseInt(f[0]), u -> new ArrayList<>())
                        .add(new Rating(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                                Preference.fromRating(Double.parseDouble(f[2])), Long.parseLong(f[3])));
            }
        }
        for (List<Rating> rs : byUser.values()) {
            rs.sort(Comparator.comparingLong(Rating::timestampSec).thenComparingInt(Rating::movieId));
            int n = rs.size();
            int trainEnd = (int) Math.floor(0.8 * n);
            int validEnd = (int) Math.floor(0.9 * n);
            train.addAll(rs.subList(0, trainEnd));
            validation.addAll(rs.subList(trainEnd, validEnd));
        }
        Map<Integer, Integer> u = new LinkedHashMap<>();
        Map<Integer, Integer> m = new TreeMap<>();
        for (Rating r : train) {
            u.putIfAbsent(r.userId(), u.size());
            m.putIfAbsent(r.movieId(), 0);
        }
        userIds = u.keySet().stream().mapToInt(Integer::intValue).toArray();
        movieIds = m.keySet().stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < userIds.length; i++) userIndex.put(userIds[i], i);
        for (int i = 0; i < movieIds.length; i++) movieIndex.put(movieIds[i], i);
        int[] ui = new int[train.size()];
        int[] ii = new int[train.size()];
        byte[] p = new byte[train.size()];
        for (int j = 0; j < train.size(); j++) {
            Rating r = train.get(j);
            ui[j] = userIndex.get(r.userId());
            ii[j] = movieIndex.get(r.movieId());
            p[j] = (byte) r.preference();
        }
        als = ImplicitAls.fit(Interactions.fromTriples(userIds.length, movieIds.length, ui, ii, p), params, AlsListener.NONE);
    }

    boolean knowsMovie(int movieId) {
        return movieIndex.containsKey(movieId);
    }

    /** Item rows: factors, popularity by positive train swipes (rank 1 = most), no content neighbours. */
    List<ItemEmbedding> itemRows(String version) {
        return itemRows(version, Map.of());
    }

    /** {@link #itemRows(String)} with titles, years and genres from movies.csv where known. */
    List<ItemEmbedding> itemRows(String version, Map<Integer, MovieTitles.Movie> titles) {
        int[] positives = new int[movieIds.length];
        for (Rating r : train) if (r.preference() > 0) positives[movieIndex.get(r.movieId())]++;
        Integer[] order = new Integer[movieIds.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> positives[a] != positives[b] ? Integer.compare(positives[b], positives[a])
                : Integer.compare(a, b));
        int[] rank = new int[movieIds.length];
        for (int r = 0; r < order.length; r++) rank[order[r]] = r + 1;
        List<ItemEmbedding> out = new ArrayList<>(movieIds.length);
        for (int i = 0; i < movieIds.length; i++) {
            out.add(ItemEmbedding.newBuilder().setModelVersion(version).setMovieId(movieIds[i])
                    .setFactors(floats(als.itemFactors(), als.itemOffset(i), als.k()))
                    .setTitle(titles.containsKey(movieIds[i]) ? titles.get(movieIds[i]).title() : "movie " + movieIds[i])
                    .setYear(titles.containsKey(movieIds[i]) ? titles.get(movieIds[i]).year() : null)
                    .setGenres(titles.containsKey(movieIds[i]) ? titles.get(movieIds[i]).genres() : List.of()).setPopularityScore(positives[i]).setPopularityRank(rank[i])
                    .setContentNeighbours(List.of()).setMarker(null).build());
        }
        return out;
    }

    /** One seed per trained user: factors and the fitted history. */
    List<UserSeed> seeds(String version) {
        Map<Integer, List<HistoryEntry>> history = new HashMap<>();
        for (Rating r : train) {
            history.computeIfAbsent(r.userId(), x -> new ArrayList<>()).add(HistoryEntry.newBuilder()
                    .setMovieId(r.movieId()).setPreference(r.preference()).setEventTime(r.timestampSec() * 1000).build());
        }
        List<UserSeed> out = new ArrayList<>(userIds.length);
        for (int i = 0; i < userIds.length; i++) {
            out.add(UserSeed.newBuilder().setModelVersion(version).setUserId(userIds[i])
                    .setFactors(floats(als.userFactors(), als.userOffset(i), als.k()))
                    .setHistory(history.get(userIds[i])).build());
        }
        return out;
    }

    private static List<Float> floats(float[] a, int off, int k) {
        List<Float> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) out.add(a[off + i]);
        return out;
    }
}
