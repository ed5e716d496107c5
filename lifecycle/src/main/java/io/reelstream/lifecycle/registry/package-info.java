/**
 * The model registry's stage rules: {@link io.reelstream.lifecycle.registry.StageRules} (register,
 * promote through the {@link io.reelstream.lifecycle.registry.Gate}, rollback, archive, retention)
 * as pure functions of a {@link io.reelstream.lifecycle.registry.RegistryView}, and
 * {@link io.reelstream.lifecycle.registry.KafkaRegistry}, which applies them through the fenced
 * writer of {@code io.reelstream.schemas.registry.ModelRegistryClient}. lifecycle/README.md
 * "Registry" and "Design" explain the stages, the gate and the single-writer design.
 */
package io.reelstream.lifecycle.registry;
