/**
 * The model lifecycle (ARCHITECTURE.md "The model lifecycle"): the registry of model versions and
 * their stages on the compacted {@code model-registry} topic, gated promotion and rollback, A/B
 * experiments with fixed-horizon and always-valid statistics, the tracker of online quality and
 * input drift, and the retraining triggers. Pure logic (statistics, stage rules, triggers) in plain
 * classes; Kafka at the edges.
 */
package io.reelstream.lifecycle;
