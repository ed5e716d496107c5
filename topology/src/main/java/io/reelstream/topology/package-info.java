/**
 * The streaming recommender: a swipe goes in, the user's refreshed top-N comes out, and any
 * instance answers REST for any user.
 *
 * <h2>Flow</h2>
 * {@link io.reelstream.topology.RecommenderTopology#buildTopology} wires it in one place:
 * item-embeddings → a global store on every instance (byte mirror of the topic) → per published
 * version one immutable {@link io.reelstream.topology.model.ModelSnapshot} (Y, YᵀY cached, ranker,
 * popularity order, content neighbours), switched when the version's marker arrives and all its
 * rows are present. user-seeds (the trainer's users) initialise user state warm; no list is emitted.
 * swipes (key userId) are decoded in the processor so every bad record — undecodable, wrong key,
 * preference/bucket out of range, unknown movie, no model yet — reaches swipes-dlq as a DeadLetter
 * with its reason, topic, partition, offset and bytes, and is counted in /metrics.
 *
 * <h2>Update rules</h2> (config {@code update.rule})
 * <ul>
 *   <li>{@code foldin} (default): the exact implicit-ALS user solve over the stored history,
 *       xu = (YᵀY + Yᵀ(Cu − I)Y + λ_u·I)⁻¹ YᵀCu pu, core FoldInSolver (exact: Woodbury for short
 *       histories, Cholesky for long ones), or core UserSolve's CG with {@code foldin.cg.steps}; λ, α and λ-scaling from config, else the model marker, else
 *       core AlsParams defaults — the trainer's equation, so streamed and trained users share a space.</li>
 *   <li>{@code gradient}: u ← cap(γ·u + η·p̃·m), p̃ = preference/2, ‖u‖ ≤ max norm; O(k).</li>
 *   <li>{@code static}: the vector never moves (a seeded user keeps the trained one, others stay on
 *       the cold-start ladder); the history still records swipes. The replay evaluation's baseline.</li>
 * </ul>
 *
 * <h2>Cold start</h2> (counted in positive swipes; {@link io.reelstream.topology.rank.ColdStartPolicy})
 * popular below {@code cold.content.min.positives} (3), content neighbours of the liked movies below
 * {@code cold.vector.min.positives} (5), then the user's vector; a trainer-seeded user is vector
 * from the first swipe. Every list excludes the user's history and carries its model version.
 *
 * <h2>New model versions</h2>
 * Lazy: a user's vector is rebuilt from their history against the new factors on their next swipe
 * (persisted) or REST lookup (computed only). No list is ever scored with a vector of another version.
 *
 * <h2>Run</h2>
 * {@link io.reelstream.topology.TopologyApp} (flags / REELSTREAM_* env / properties file, see
 * {@link io.reelstream.topology.config.TopologyConfig}); programmatic start/stop:
 * {@link io.reelstream.topology.RecommenderInstance#start} / {@code close()}. REST routes:
 * {@link io.reelstream.topology.rest.RestServer}. Its throughput and latency are measured from outside, by the
 * streaming load run (README, Figures, Streaming).
 */
package io.reelstream.topology;
