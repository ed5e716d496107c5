package io.reelstream.topology.model;

import java.util.List;

/**
 * One movie of a published model version, decoded from its ItemEmbedding record: factors plus the
 * metadata the REST layer and the cold-start strategies need.
 *
 * @param popularityRank 1 = most popular; the popular strategy walks this order
 * @param contentNeighbours movieIds most similar by content, best first (the content strategy)
 */
public record CatalogItem(int movieId, float[] factors, String title, Integer year, List<String> genres,
                          double popularityScore, int popularityRank, int[] contentNeighbours) {
}
