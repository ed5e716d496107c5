package io.reelstream.schemas;

import java.util.List;
import java.util.Map;

/**
 * How the model marker shares {@link Topics#ITEM_EMBEDDINGS_TOPIC} with the movies.
 *
 * <p>The topic has one value type, {@link ItemEmbedding}, so a consumer (a GlobalKTable, a Connect
 * sink) needs one serde. Movies are keyed by their movieId (always &gt; 0 in MovieLens); key
 * {@link #MODEL_MARKER_KEY} = -1 holds an {@code ItemEmbedding} whose {@code marker} field is the
 * {@link ModelVersion} of the model and whose other fields are empty. The publisher writes every
 * movie first and the marker last, so a reader that sees marker {@code m} and holds
 * {@code m.items} rows with {@code modelVersion == m.modelVersion} holds the whole model. Rows whose
 * {@code modelVersion} differs from the marker's are left over from an older model (a movie the new
 * model does not know) and should be ignored.
 */
/** @deprecated movieId keys hold one version; being replaced by {@link ModelKeys} (versioned keys). */
@Deprecated
public final class ItemEmbeddingKeys {
    public static final int MODEL_MARKER_KEY = -1;

    private ItemEmbeddingKeys() {}

    /** True for the marker row, by key or by value (either is enough). */
    public static boolean isMarker(Integer key, ItemEmbedding value) {
        return (key != null && key == MODEL_MARKER_KEY) || (value != null && value.getMarker() != null);
    }

    /** The value published under {@link #MODEL_MARKER_KEY} for {@code version}. */
    public static ItemEmbedding markerRecord(ModelVersion version) {
        return ItemEmbedding.newBuilder()
                .setModelVersion(version.getModelVersion())
                .setMovieId(MODEL_MARKER_KEY)
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

    /** A marker with no metrics, for tests and tools. */
    public static ModelVersion version(String modelVersion, int items, int users, int factors) {
        return ModelVersion.newBuilder().setModelVersion(modelVersion).setItems(items).setUsers(users)
                .setFactors(factors).setTrainedAt(null).setMetrics(Map.of()).build();
    }
}
