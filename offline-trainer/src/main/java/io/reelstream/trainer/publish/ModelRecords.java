package io.reelstream.trainer.publish;

import io.reelstream.core.model.FactorMatrix;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ItemNeighbours;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelVersion;
import io.reelstream.schemas.UserSeed;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns a run's artifacts into the records publish writes. Pure and deterministic: the same run
 * gives the same records (and so the same bytes) every time, which makes re-publishing idempotent
 * on compacted topics.
 */
final class ModelRecords {
    private final RunArtifacts run;

    ModelRecords(RunArtifacts run) {
        this.run = run;
    }

    String modelVersion() {
        return run.modelVersion();
    }

    int itemCount() {
        return run.itemFactors().rows();
    }

    /** Rows of the item-to-item model (0 when the run has none). */
    int neighbourCount() {
        return run.itemNeighbours().size();
    }

    /** Row {@code row} of the item-to-item model: the movies it votes for, strongest first. */
    ItemNeighbours neighbours(int row) {
        RunArtifacts.NeighbourList n = run.itemNeighbours().get(row);
        List<Float> weights = new ArrayList<>(n.weights().length);
        for (float w : n.weights()) weights.add(w);
        return ItemNeighbours.newBuilder().setModelVersion(run.modelVersion()).setMovieId(n.movieId())
                .setNeighbours(ints(n.neighbours())).setWeights(weights).build();
    }

    int userCount() {
        return run.userFactors() == null ? 0 : run.userFactors().rows();
    }

    /** The item of factor row {@code row}; movies absent from items.tsv get an empty title. */
    ItemEmbedding item(int row) {
        FactorMatrix y = run.itemFactors();
        int movieId = y.ids()[row];
        RunArtifacts.ItemMeta meta = run.items().getOrDefault(movieId, new RunArtifacts.ItemMeta("", null, List.of()));
        RunArtifacts.Popularity pop = run.popularity().getOrDefault(movieId, new RunArtifacts.Popularity(0.0, 0));
        int[] neighbours = run.neighbours().getOrDefault(movieId, new int[0]);
        return ItemEmbedding.newBuilder()
                .setModelVersion(run.modelVersion())
                .setMovieId(movieId)
                .setFactors(floats(y, row))
                .setTitle(meta.title())
                .setYear(meta.year())
                .setGenres(meta.genres())
                .setPopularityScore(pop.score())
                .setPopularityRank(pop.rank())
                .setContentNeighbours(ints(neighbours))
                .setMarker(null)
                .build();
    }

    /** The seed of user factor row {@code row}: x_u and the fitted history, oldest first. */
    UserSeed userSeed(int row) {
        FactorMatrix x = run.userFactors();
        int userId = x.ids()[row];
        return UserSeed.newBuilder()
                .setModelVersion(run.modelVersion())
                .setUserId(userId)
                .setFactors(floats(x, row))
                .setHistory(run.history().history(userId))
                .build();
    }

    /** The marker published last, under '&lt;version&gt;/marker' ({@link ModelKeys#markerKey}). */
    ModelVersion version() {
        return ModelVersion.newBuilder()
                .setModelVersion(run.modelVersion())
                .setItems(itemCount())
                .setUsers(userCount())
                .setFactors(run.itemFactors().k())
                .setTrainedAt(run.trainedAt())
                .setMetrics(new TreeMap<>(run.metrics())) // sorted: map order is part of the bytes
                .setKind(run.servingKind())
                .setNeighbourItems(neighbourCount())
                .setSettings(new TreeMap<>(run.servingSettings()))
                .build();
    }

    ItemEmbedding marker() {
        return ModelKeys.markerRecord(version());
    }

    private static List<Float> floats(FactorMatrix m, int row) {
        float[] values = m.values();
        int k = m.k();
        List<Float> out = new ArrayList<>(k);
        for (int f = row * k; f < row * k + k; f++) out.add(values[f]);
        return out;
    }

    private static List<Integer> ints(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) out.add(v);
        return out;
    }
}
