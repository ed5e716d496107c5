/**
 * A/B experiment records: {@link io.reelstream.lifecycle.experiment.ExperimentRules} (start, stop,
 * conclude; one experiment at a time) written with the treatment's stage change in one fenced
 * transaction by {@link io.reelstream.lifecycle.experiment.KafkaExperiments}, and the raw per-arm
 * counts the topology writes ({@link io.reelstream.lifecycle.experiment.ArmMetrics}).
 */
package io.reelstream.lifecycle.experiment;
