/**
 * The Kafka edge of the model registry, beside its records so that the trainer's publisher can
 * register a version without depending on the lifecycle module:
 * {@link io.reelstream.schemas.registry.ModelRegistryClient} reads the compacted
 * {@code model-registry} and {@code experiments} topics to their end and applies changes through one
 * fenced transactional writer. The stage rules themselves live in {@code io.reelstream.lifecycle.registry}.
 *
 * <pre>{@code
 * ModelRegistryClient registry = new ModelRegistryClient(RegistryClientConfig.defaults(bootstrapServers));
 * registry.register(version, "als", lineage, offlineMetrics, "publish", "trained by schedule");  // → CANDIDATE
 * Optional<ModelRegistryEntry> production = registry.read().production();
 * }</pre>
 */
package io.reelstream.schemas.registry;
