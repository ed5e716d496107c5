package io.reelstream.schemas;

import java.util.List;
import java.util.Map;

/**
 * Keys of the versioned model topics ({@link Topics#ITEM_EMBEDDINGS_TOPIC},
 * {@link Topics#ITEM_NEIGHBOURS_TOPIC}): the UTF-8 string {@code <modelVersion>/<movieId>}, and
 * {@code <modelVersion>/marker} for a version's {@link ModelVersion} marker on item-embeddings.
 *
 * <p>Why versioned keys: several versions must be loadable at once (production, the previous
 * production for an instant rollback, the arms of an experiment), and with movieId keys compaction
 * would keep only the newest version of each movie. A version's rows share a key prefix, so a store
 * ordered by key holds them together; archiving a version writes a tombstone for each of its keys,
 * and compaction then removes it from the topic.
 *
 * <p>The publisher writes every row of a version (both topics) first and the marker last, so a
 * reader that sees the marker of {@code v} and holds {@code marker.items} item-embeddings rows and
 * {@code marker.neighbourItems} item-neighbours rows of {@code v} holds the whole version.
 */
public final class ModelKeys {
    public static final String MARKER = "marker";
    private static final char SEPARATOR = '/';

    /** A parsed key: the version and either a movieId or the marker. */
    public record Key(String modelVersion, int movieId, boolean marker) {}

    private ModelKeys() {}

    public static String itemKey(String modelVersion, int movieId) {
        return requireVersion(modelVersion) + SEPARATOR + movieId;
    }

    public static String markerKey(String modelVersion) {
        return requireVersion(modelVersion) + SEPARATOR + MARKER;
    }

    /** The version prefix every key of {@code modelVersion} starts with ('v/'). */
    public static String prefix(String modelVersion) {
        return requireVersion(modelVersion) + SEPARATOR;
    }

    /**
     * Parses a key written by this class.
     *
     * @throws IllegalArgumentException naming the key when it is not '&lt;version&gt;/&lt;movieId|marker&gt;'
     */
    public static Key parse(String key) {
        int cut = key == null ? -1 : key.lastIndexOf(SEPARATOR);
        if (cut <= 0 || cut == key.length() - 1) {
            throw new IllegalArgumentException("model key '" + key + "' is not '<modelVersion>/<movieId>' or '<modelVersion>/marker'");
        }
        String version = key.substring(0, cut);
        String tail = key.substring(cut + 1);
        if (tail.equals(MARKER)) return new Key(version, 0, true);
        try {
            return new Key(version, Integer.parseInt(tail), false);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model key '" + key + "': '" + tail + "' is neither a movieId nor 'marker'");
        }
    }

    /** The value published under {@link #markerKey} for {@code version}. */
    public static ItemEmbedding markerRecord(ModelVersion version) {
        return ItemEmbedding.newBuilder()
                .setModelVersion(version.getModelVersion())
                .setMovieId(0)
                .setFactors(List.of())
                .setTitle("")
                .setYear(null)
                .setGenres(List.of())
                .setPopularityScore(0.0)
                .setPopularityRank(0)
                .setContentNeighbours(List.of())
                .setMarker(version)
                .build();
    }

    /** An ALS marker with no metrics, for tests and tools. */
    public static ModelVersion version(String modelVersion, int items, int users, int factors) {
        return ModelVersion.newBuilder().setModelVersion(modelVersion).setItems(items).setUsers(users)
                .setFactors(factors).setTrainedAt(null).setMetrics(Map.of()).setKind("als").setNeighbourItems(0)
                .setSettings(Map.of()).build();
    }

    private static String requireVersion(String modelVersion) {
        if (modelVersion == null || modelVersion.isEmpty() || modelVersion.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("model version '" + modelVersion + "' must be non-empty and contain no '/'");
        }
        return modelVersion;
    }
}
