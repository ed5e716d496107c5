package io.reelstream.topology.model;

import io.reelstream.core.als.AlsParams.Regularization;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ItemEmbeddingKeys;
import io.reelstream.schemas.ModelVersion;
import io.reelstream.topology.metrics.StreamMetrics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link ModelSnapshot} of the version the marker in the item-embeddings global store
 * names. The store mirrors the topic byte for byte (so a restore that bypasses processors and a
 * live update agree); this class decodes it. The publisher writes every movie first and the
 * marker last, so the marker arriving means the version is complete: the loader checks that
 * {@code marker.items} rows of that version are present and otherwise waits for more rows.
 * Rows of other versions (movies an older model knew) are ignored: versions never mix.
 */
public final class ModelLoader {
    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);
    /** Optional keys of the marker's metrics map that carry the trainer's λ, α and regularisation. */
    public static final String MARKER_LAMBDA_KEY = "als.lambda";
    public static final String MARKER_ALPHA_KEY = "als.alpha";
    /** One-hot regularisation mode: {@code als.regularization.relative = 1} etc. (preferred). */
    public static final String MARKER_REGULARIZATION_PREFIX = "als.regularization.";
    /** Older marker key: 1 = FREQUENCY (λ·n_u), 0 = not frequency-scaled. */
    public static final String MARKER_FREQUENCY_KEY = "als.frequency.regularization";

    private final ModelHolder holder;
    private final Deserializer<ItemEmbedding> deserializer;
    private final FoldInOverrides overrides;
    private final RankerFactory rankerFactory;
    private final StreamMetrics metrics;
    private final String topic;
    private byte[] loadedMarker;
    private byte[] incompleteMarker;
    private int missingRows;
    private int rowsSinceCount;

    /** Builds the ranker of a new version (ScanRanker, or core's ItemRanker). */
    @FunctionalInterface
    public interface RankerFactory extends java.util.function.Function<io.reelstream.core.model.FactorMatrix,
            io.reelstream.topology.rank.CandidateRanker> {
    }

    /** @param overrides λ/α/regularisation set in config; unset ones come from the marker or the trainer's defaults */
    public ModelLoader(ModelHolder holder, Deserializer<ItemEmbedding> deserializer, FoldInOverrides overrides,
                       RankerFactory rankerFactory, StreamMetrics metrics, String topic) {
        this.holder = holder;
        this.deserializer = deserializer;
        this.overrides = overrides;
        this.rankerFactory = rankerFactory;
        this.metrics = metrics;
        this.topic = topic;
    }

    public ModelHolder holder() {
        return holder;
    }

    /**
     * Called for every record the global store receives: the marker triggers a load; while a
     * marked version is incomplete, a recount happens once enough rows arrived to possibly complete
     * it (each row fills at most one gap), so a slow publish costs O(n log n), not O(n²).
     */
    public synchronized ModelSnapshot onRecord(ReadOnlyKeyValueStore<Integer, byte[]> store, int key) {
        if (key == ItemEmbeddingKeys.MODEL_MARKER_KEY) return load(store);
        if (incompleteMarker != null && ++rowsSinceCount >= missingRows) return load(store);
        return holder.current();
    }

    /**
     * Loads the store's marked version unless it is the loaded one or one already found
     * incomplete: cheap when nothing changed (one get and a byte compare).
     */
    public synchronized ModelSnapshot refresh(ReadOnlyKeyValueStore<Integer, byte[]> store) {
        byte[] markerBytes = store.get(ItemEmbeddingKeys.MODEL_MARKER_KEY);
        if (markerBytes == null || Arrays.equals(markerBytes, loadedMarker) || Arrays.equals(markerBytes, incompleteMarker)) {
            return holder.current();
        }
        return load(store);
    }

    private ModelSnapshot load(ReadOnlyKeyValueStore<Integer, byte[]> store) {
        byte[] markerBytes = store.get(ItemEmbeddingKeys.MODEL_MARKER_KEY);
        if (markerBytes == null || Arrays.equals(markerBytes, loadedMarker)) return holder.current();
        ModelVersion marker;
        try {
            ItemEmbedding value = deserializer.deserialize(topic, markerBytes);
            marker = value == null ? null : value.getMarker();
        } catch (SerializationException e) {
            log.error("model marker under key {} on {} cannot be decoded ({}); keeping model {}; republish the model",
                    ItemEmbeddingKeys.MODEL_MARKER_KEY, topic, e.getMessage(), versionOf(holder.current()));
            loadedMarker = markerBytes;
            return holder.current();
        }
        if (marker == null) {
            log.error("record under marker key {} on {} has no marker field; keeping model {}",
                    ItemEmbeddingKeys.MODEL_MARKER_KEY, topic, versionOf(holder.current()));
            loadedMarker = markerBytes;
            return holder.current();
        }
        List<CatalogItem> items = itemsOf(store, marker.getModelVersion());
        if (items.size() < marker.getItems()) {
            if (!Arrays.equals(markerBytes, incompleteMarker)) {
                log.info("model {} marked with {} items, {} present so far; waiting for the rest",
                        marker.getModelVersion(), marker.getItems(), items.size());
            }
            incompleteMarker = markerBytes;
            missingRows = marker.getItems() - items.size();
            rowsSinceCount = 0;
            return holder.current();
        }
        long t0 = System.nanoTime();
        ModelSnapshot snapshot = ModelSnapshot.build(marker.getModelVersion(),
                marker.getTrainedAt() == null ? 0L : marker.getTrainedAt(), items, resolve(marker), rankerFactory);
        holder.publish(snapshot);
        loadedMarker = markerBytes;
        incompleteMarker = null;
        metrics.modelSwitched();
        log.info("model {} loaded: {} items × k={}, fold-in {} ({} ms)", snapshot.version(), snapshot.rows(),
                snapshot.k(), snapshot.foldIn(), (System.nanoTime() - t0) / 1_000_000);
        return snapshot;
    }

    /** Config override, else the marker's metrics, else the trainer's defaults. */
    FoldInParams resolve(ModelVersion marker) {
        Map<String, Double> m = marker.getMetrics() == null ? Map.of() : marker.getMetrics();
        FoldInParams d = FoldInParams.TRAINER_DEFAULTS;
        double lambda = !Double.isNaN(overrides.lambda()) ? overrides.lambda() : m.getOrDefault(MARKER_LAMBDA_KEY, d.lambda());
        float alpha = (float) (!Double.isNaN(overrides.alpha()) ? overrides.alpha()
                : m.getOrDefault(MARKER_ALPHA_KEY, (double) d.alpha()));
        Regularization regularization = overrides.regularization() != null ? overrides.regularization()
                : markerRegularization(m, marker.getModelVersion());
        return new FoldInParams(lambda, alpha, regularization);
    }

    /**
     * The mode from the one-hot keys, else the older frequency flag: 1 → FREQUENCY; 0 is ambiguous
     * (CONSTANT or RELATIVE) and resolves to the trainer's default when that is not FREQUENCY.
     */
    private static Regularization markerRegularization(Map<String, Double> m, String version) {
        for (Regularization r : Regularization.values()) {
            Double flag = m.get(MARKER_REGULARIZATION_PREFIX + r.name().toLowerCase(java.util.Locale.ROOT));
            if (flag != null && flag == 1.0) return r;
        }
        Double frequency = m.get(MARKER_FREQUENCY_KEY);
        Regularization fallback = FoldInParams.TRAINER_DEFAULTS.regularization();
        if (frequency == null) return fallback;
        if (frequency == 1.0) return Regularization.FREQUENCY;
        Regularization notFrequency = fallback == Regularization.FREQUENCY ? Regularization.CONSTANT : fallback;
        log.warn("model {}: marker says {}=0 but names no mode; assuming {} (publish {}<mode>=1 to be explicit)",
                version, MARKER_FREQUENCY_KEY, notFrequency, MARKER_REGULARIZATION_PREFIX);
        return notFrequency;
    }

    private List<CatalogItem> itemsOf(ReadOnlyKeyValueStore<Integer, byte[]> store, String version) {
        List<CatalogItem> items = new ArrayList<>();
        try (KeyValueIterator<Integer, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Integer, byte[]> kv = it.next();
                if (kv.key == null || kv.key == ItemEmbeddingKeys.MODEL_MARKER_KEY || kv.value == null) continue;
                ItemEmbedding e;
                try {
                    e = deserializer.deserialize(topic, kv.value);
                } catch (SerializationException ex) {
                    log.warn("{} key {}: cannot decode ItemEmbedding ({}); movie skipped", topic, kv.key, ex.getMessage());
                    continue;
                }
                if (e == null || !version.equals(e.getModelVersion())) continue;
                items.add(toItem(e));
            }
        }
        return items;
    }

    static CatalogItem toItem(ItemEmbedding e) {
        List<Float> f = e.getFactors();
        float[] factors = new float[f.size()];
        for (int a = 0; a < factors.length; a++) factors[a] = f.get(a);
        List<Integer> n = e.getContentNeighbours();
        int[] neighbours = new int[n.size()];
        for (int i = 0; i < neighbours.length; i++) neighbours[i] = n.get(i);
        return new CatalogItem(e.getMovieId(), factors, e.getTitle(), e.getYear(), List.copyOf(e.getGenres()),
                e.getPopularityScore(), e.getPopularityRank(), neighbours);
    }

    private static String versionOf(ModelSnapshot s) {
        return s == null ? "<none>" : s.version();
    }
}
