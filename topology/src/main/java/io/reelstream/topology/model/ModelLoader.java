package io.reelstream.topology.model;

import io.reelstream.core.als.AlsParams.Regularization;
import io.reelstream.core.model.ModelKind;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ItemNeighbours;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelVersion;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.metrics.StreamMetrics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps an instance's {@link Serving} in step with four global stores, each a byte-for-byte mirror
 * of its topic: item-embeddings and item-neighbours (rows of every published version, keyed
 * '&lt;version&gt;/&lt;movieId&gt;', each version's marker last), model-registry (stages) and
 * experiments. It decodes them and asks {@link ServingPlanner} which versions serve.
 *
 * <p>A version is <i>complete</i> when its marker is present and {@code marker.items} rows of it are
 * on item-embeddings and {@code marker.neighbourItems} on item-neighbours; only complete versions
 * are ever built into a {@link ModelSnapshot}, so a half-published model never serves. While a
 * marked version is incomplete, each further row of it counts down its gap and a recount happens
 * only when the gap may have closed (O(n log n) for a slow publish, not O(n²)). A version whose
 * marker is tombstoned (archived) is forgotten. Snapshots are built lazily when the plan needs them
 * and at most {@code maxLoaded} are kept (production and the experiment's arms always; the
 * previous production next, for an instant rollback).
 *
 * <p>All callbacks arrive on the one global-stream thread; stream threads and REST only read the
 * published Serving. The methods are synchronized for the stream threads' startup {@link #refresh}.
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
    public static final int DEFAULT_MAX_LOADED = 4;

    /** The four global stores the loader reads. */
    public enum StoreKind { ITEMS, NEIGHBOURS, REGISTRY, EXPERIMENTS }

    /** Builds the ranker of a new version (ScanRanker, or core's ItemRanker). */
    @FunctionalInterface
    public interface RankerFactory extends java.util.function.Function<io.reelstream.core.model.FactorMatrix,
            io.reelstream.topology.rank.CandidateRanker> {
    }

    private final ModelHolder holder;
    private final FoldInOverrides overrides;
    private final Map<String, String> itemItemOverrides;
    private final RankerFactory rankerFactory;
    private final StreamMetrics metrics;
    private final int maxLoaded;
    private final Deserializer<ItemEmbedding> items = AvroSerdes.serde(ItemEmbedding.class).deserializer();
    private final Deserializer<ItemNeighbours> neighbourRows = AvroSerdes.serde(ItemNeighbours.class).deserializer();
    private final Deserializer<ModelRegistryEntry> registryEntries = AvroSerdes.serde(ModelRegistryEntry.class).deserializer();
    private final Deserializer<Experiment> experimentRecords = AvroSerdes.serde(Experiment.class).deserializer();

    private final Map<StoreKind, ReadOnlyKeyValueStore<String, byte[]>> stores = new EnumMap<>(StoreKind.class);
    private final Map<String, ModelVersion> markers = new HashMap<>();
    /** Pending versions: rows still missing at the last count, and rows seen since. */
    private final Map<String, int[]> gaps = new HashMap<>();
    private final Set<String> complete = new HashSet<>();
    /** Versions that failed to build (bad rows): not retried until their marker changes. */
    private final Set<String> broken = new HashSet<>();
    /** Built snapshots, least recently planned first. */
    private final LinkedHashMap<String, ModelSnapshot> loaded = new LinkedHashMap<>(8, 0.75f, true);
    private final Map<String, ModelRegistryEntry> registry = new HashMap<>();
    private final Map<String, Experiment> experiments = new HashMap<>();
    private ServingPlanner.Plan lastPlan;
    /** True once a Serving was published from all four stores. */
    private boolean planned;

    /**
     * @param overrides         λ/α/regularisation set in config; unset ones come from the marker or the trainer's defaults
     * @param itemItemOverrides item-to-item settings set in config (ItemItemSettings keys); empty values come from the marker
     */
    public ModelLoader(ModelHolder holder, FoldInOverrides overrides, Map<String, String> itemItemOverrides,
                       RankerFactory rankerFactory, StreamMetrics metrics, int maxLoaded) {
        if (maxLoaded < 3) throw new IllegalArgumentException("models.max.loaded must be >= 3 (production and two arms), got " + maxLoaded);
        this.holder = holder;
        this.overrides = overrides;
        this.itemItemOverrides = Map.copyOf(itemItemOverrides);
        this.rankerFactory = rankerFactory;
        this.metrics = metrics;
        this.maxLoaded = maxLoaded;
    }

    public ModelHolder holder() {
        return holder;
    }

    /**
     * A global store's processor hands its store over in init(); once all four are here (each
     * already restored from its topic), the loader scans them and publishes the first Serving.
     */
    public synchronized void attach(StoreKind kind, ReadOnlyKeyValueStore<String, byte[]> store) {
        stores.put(kind, Objects.requireNonNull(store));
        if (stores.size() == StoreKind.values().length) rescan();
    }

    /** Called after the processor applied one record (put or delete) to its store. */
    public synchronized void onRecord(StoreKind kind, String key, boolean deleted) {
        if (stores.size() < StoreKind.values().length || key == null) return;
        switch (kind) {
            case ITEMS, NEIGHBOURS -> onModelRow(kind, key, deleted);
            case REGISTRY -> {
                ModelRegistryEntry e = deleted ? null : decode(registryEntries, StoreKind.REGISTRY, key);
                if (e == null) registry.remove(key); else registry.put(key, e);
                replan();
            }
            case EXPERIMENTS -> {
                Experiment e = deleted ? null : decode(experimentRecords, StoreKind.EXPERIMENTS, key);
                if (e == null) experiments.remove(key); else experiments.put(key, e);
                replan();
            }
        }
    }

    /**
     * The Serving, planned from the stores first if that has not happened yet: a stream thread that
     * finds nothing served calls this. Once planned, nothing new can be learnt here (every change
     * arrives through {@link #onRecord}), so it is one volatile read, however often it is called.
     */
    public synchronized Serving refresh() {
        if (!planned && stores.size() == StoreKind.values().length) rescan();
        return holder.serving();
    }

    private void onModelRow(StoreKind kind, String key, boolean deleted) {
        ModelKeys.Key k;
        try {
            k = ModelKeys.parse(key);
        } catch (IllegalArgumentException e) {
            log.warn("{} store: {}; record ignored", kind, e.getMessage());
            return;
        }
        String version = k.modelVersion();
        if (k.marker() && kind == StoreKind.ITEMS) {
            broken.remove(version);
            loaded.remove(version);
            if (deleted) {
                markers.remove(version);
                complete.remove(version);
                gaps.remove(version);
                log.atInfo().addKeyValue("modelVersion", version).log("model {} removed (marker tombstoned)", version);
            } else {
                ModelVersion marker = decodeMarker(key);
                if (marker == null) return;
                markers.put(version, marker);
                recount(version);
            }
            replan();
            return;
        }
        int[] gap = gaps.get(version);
        if (gap != null && !deleted && ++gap[1] >= gap[0]) { // enough rows may have arrived: count again
            recount(version);
            if (complete.contains(version)) replan();
        }
    }

    private void rescan() {
        markers.clear();
        gaps.clear();
        complete.clear();
        registry.clear();
        experiments.clear();
        try (KeyValueIterator<String, byte[]> it = stores.get(StoreKind.ITEMS).all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key == null || kv.value == null || !kv.key.endsWith("/" + ModelKeys.MARKER)) continue;
                ModelVersion marker = decodeMarker(kv.key);
                if (marker != null) markers.put(marker.getModelVersion(), marker);
            }
        }
        for (String version : markers.keySet()) recount(version);
        readAll(StoreKind.REGISTRY, registryEntries, registry);
        readAll(StoreKind.EXPERIMENTS, experimentRecords, experiments);
        replan();
    }

    private <T> void readAll(StoreKind kind, Deserializer<T> deserializer, Map<String, T> into) {
        try (KeyValueIterator<String, byte[]> it = stores.get(kind).all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key == null || kv.value == null) continue;
                T value = decode(deserializer, kind, kv.key);
                if (value != null) into.put(kv.key, value);
            }
        }
    }

    /** Counts the version's rows on both topics and marks it complete or records its gap. O(rows of the version). */
    private void recount(String version) {
        ModelVersion marker = markers.get(version);
        if (marker == null) return;
        int items = countRows(StoreKind.ITEMS, version);
        int neighbours = marker.getNeighbourItems() > 0 ? countRows(StoreKind.NEIGHBOURS, version) : 0;
        int missing = Math.max(0, marker.getItems() - items) + Math.max(0, marker.getNeighbourItems() - neighbours);
        if (missing == 0) {
            if (gaps.remove(version) != null || !complete.contains(version)) {
                log.atInfo().addKeyValue("modelVersion", version)
                        .log("model {} complete: {} items, {} neighbour rows", version, items, neighbours);
            }
            complete.add(version);
        } else {
            if (!gaps.containsKey(version)) {
                log.info("model {} marked with {} items and {} neighbour rows, {} and {} present so far; waiting for the rest",
                        version, marker.getItems(), marker.getNeighbourItems(), items, neighbours);
            }
            gaps.put(version, new int[] {missing, 0});
            complete.remove(version);
        }
    }

    private int countRows(StoreKind kind, String version) {
        int n = 0;
        try (KeyValueIterator<String, byte[]> it = stores.get(kind).prefixScan(ModelKeys.prefix(version), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.value != null && !kv.key.endsWith("/" + ModelKeys.MARKER)) n++;
            }
        }
        return n;
    }

    /** Plans, builds what the plan needs, evicts what it does not, publishes. */
    private void replan() {
        List<ServingPlanner.CompleteVersion> ready = new ArrayList<>();
        for (String v : complete) {
            if (broken.contains(v)) continue;
            Long trainedAt = markers.get(v).getTrainedAt();
            ready.add(new ServingPlanner.CompleteVersion(v, trainedAt == null ? 0L : trainedAt));
        }
        Serving before = holder.serving();
        String servingNow = before.production() == null ? null : before.production().version();
        ServingPlanner.Plan plan = ServingPlanner.plan(ready, registry, experiments, servingNow);
        ModelSnapshot production = snapshot(plan.production());
        ModelSnapshot control = plan.hasExperiment() ? snapshot(plan.control()) : null;
        ModelSnapshot treatment = plan.hasExperiment() ? snapshot(plan.treatment()) : null;
        if (production == null && plan.production() != null && before.production() != null) {
            production = before.production(); // the new one failed to build: keep serving the old one
        }
        boolean experiment = control != null && treatment != null;
        Set<String> pinned = new HashSet<>();
        if (production != null) pinned.add(production.version());
        if (experiment) {
            pinned.add(control.version());
            pinned.add(treatment.version());
        }
        if (before.production() != null && !pinned.contains(before.production().version())
                && complete.contains(before.production().version())) {
            loaded.putIfAbsent(before.production().version(), before.production()); // the rollback target
        }
        evict(pinned);
        Serving next = new Serving(production, experiment ? plan.experimentId() : null, control, treatment,
                experiment ? plan.treatmentShare() : 0, Map.copyOf(loaded), plan.notes());
        holder.publish(next);
        logChanges(before, next, plan);
        lastPlan = plan;
        planned = true;
    }

    private void logChanges(Serving before, Serving next, ServingPlanner.Plan plan) {
        String was = before.production() == null ? null : before.production().version();
        String now = next.production() == null ? null : next.production().version();
        if (!Objects.equals(was, now)) {
            metrics.modelSwitched();
            log.info("serving model {} (was {})", now == null ? "<none>" : now + " (" + next.production().kind().wireName() + ")",
                    was == null ? "<none>" : was);
        }
        if (!Objects.equals(before.experimentId(), next.experimentId())) {
            log.atInfo().addKeyValue("experiment", next.hasExperiment() ? next.experimentId() : before.experimentId())
                    .log(next.hasExperiment() ? "experiment {} active: control {}, treatment {} ({} % of users)"
                    : "no experiment active (was {})", next.hasExperiment() ? next.experimentId() : before.experimentId(),
                    next.hasExperiment() ? next.control().version() : null,
                    next.hasExperiment() ? next.treatment().version() : null,
                    next.hasExperiment() ? Math.round(next.treatmentShare() * 100) : null);
        }
        if (lastPlan == null || !lastPlan.notes().equals(plan.notes())) {
            for (String note : plan.notes()) log.warn(note);
        }
    }

    private void evict(Set<String> pinned) {
        var it = loaded.entrySet().iterator();
        while (loaded.size() > maxLoaded && it.hasNext()) {
            if (!pinned.contains(it.next().getKey())) it.remove();
        }
    }

    /** The snapshot of a complete version, built on first need; null (logged) when it cannot be built. */
    private ModelSnapshot snapshot(String version) {
        if (version == null) return null;
        ModelSnapshot s = loaded.get(version);
        if (s != null) return s;
        ModelVersion marker = markers.get(version);
        if (marker == null || !complete.contains(version) || broken.contains(version)) return null;
        long t0 = System.nanoTime();
        try {
            ModelKind kind = ModelKind.parse(marker.getKind());
            List<NeighbourRow> neighbours = marker.getNeighbourItems() > 0 ? neighboursOf(version) : List.of();
            ItemItemSettings settings = ItemItemSettings.resolve(marker.getSettings(), itemItemOverrides);
            float blendWeight = BlendWeight.of(kind, marker.getSettings());
            s = ModelSnapshot.build(new ModelSnapshot.Parts(version, marker.getTrainedAt() == null ? 0L : marker.getTrainedAt(),
                    kind, itemsOf(version), neighbours, resolve(marker), settings, blendWeight), rankerFactory);
        } catch (IllegalArgumentException e) {
            broken.add(version);
            log.atError().addKeyValue("modelVersion", version)
                    .log("model {} cannot be built ({}); it will not serve — republish it", version, e.getMessage());
            return null;
        }
        loaded.put(version, s);
        log.atInfo().addKeyValue("modelVersion", version).log("model {} loaded: kind {}, {} items × k={}{}{}, fold-in {} ({} ms)", version, s.kind().wireName(),
                s.rows(), s.k(), s.neighbours() == null ? "" : ", " + s.neighbours().nnz() + " neighbour weights",
                s.kind() == ModelKind.BLEND ? ", blend weight " + s.blendWeight() : "",
                s.foldIn(), (System.nanoTime() - t0) / 1_000_000);
        return s;
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

    private List<CatalogItem> itemsOf(String version) {
        List<CatalogItem> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = stores.get(StoreKind.ITEMS).prefixScan(ModelKeys.prefix(version),
                new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.value == null || kv.key.endsWith("/" + ModelKeys.MARKER)) continue;
                ItemEmbedding e = decode(items, StoreKind.ITEMS, kv.key, kv.value);
                if (e != null && version.equals(e.getModelVersion())) out.add(toItem(e));
            }
        }
        return out;
    }

    private List<NeighbourRow> neighboursOf(String version) {
        List<NeighbourRow> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = stores.get(StoreKind.NEIGHBOURS).prefixScan(ModelKeys.prefix(version),
                new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.value == null) continue;
                ItemNeighbours n = decode(neighbourRows, StoreKind.NEIGHBOURS, kv.key, kv.value);
                if (n == null || !version.equals(n.getModelVersion())) continue;
                if (n.getNeighbours().size() != n.getWeights().size()) {
                    throw new IllegalArgumentException("item-neighbours " + kv.key + " has " + n.getNeighbours().size()
                            + " neighbours but " + n.getWeights().size() + " weights");
                }
                int[] ids = new int[n.getNeighbours().size()];
                float[] w = new float[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = n.getNeighbours().get(i);
                    w[i] = n.getWeights().get(i);
                }
                out.add(new NeighbourRow(n.getMovieId(), ids, w));
            }
        }
        return out;
    }

    private ModelVersion decodeMarker(String key) {
        ItemEmbedding value = decode(items, StoreKind.ITEMS, key);
        if (value == null) return null;
        if (value.getMarker() == null) {
            log.error("item-embeddings record {} has no marker field; version ignored until republished", key);
            return null;
        }
        return value.getMarker();
    }

    private <T> T decode(Deserializer<T> deserializer, StoreKind kind, String key) {
        return decode(deserializer, kind, key, stores.get(kind).get(key));
    }

    /** Decodes one stored value; a bad one is logged with its key and skipped (never fatal). */
    private <T> T decode(Deserializer<T> deserializer, StoreKind kind, String key, byte[] bytes) {
        if (bytes == null) return null;
        try {
            return deserializer.deserialize(kind.name().toLowerCase(java.util.Locale.ROOT), bytes);
        } catch (SerializationException | IllegalArgumentException | IndexOutOfBoundsException e) {
            metrics.modelRecordRejected();
            log.error("{} record under key '{}' cannot be decoded ({}); skipped", kind.name().toLowerCase(java.util.Locale.ROOT),
                    key, e.getMessage());
            return null;
        }
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

}
