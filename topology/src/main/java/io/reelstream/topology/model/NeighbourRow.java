package io.reelstream.topology.model;

/**
 * One movie's row of an item-to-item version, decoded from its ItemNeighbours record: the movies
 * it votes for (movieIds, strongest first) and B[movie, neighbour].
 */
public record NeighbourRow(int movieId, int[] neighbours, float[] weights) {
}
