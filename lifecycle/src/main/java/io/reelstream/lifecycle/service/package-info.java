/**
 * The lifecycle service ({@code bin/reelstream lifecycle}): the loop that runs by itself. It
 * watches the topics, decides, and changes the registry through the fenced writer.
 *
 * <p>Pure decisions, no Kafka and no clock: {@link io.reelstream.lifecycle.service.ExperimentWatch}
 * (auto-decisions on an experiment's arms), {@link io.reelstream.lifecycle.service.QualityWindows}
 * (production's closed windows), {@link io.reelstream.lifecycle.service.FeedbackLog} (swipes since
 * the last retrain, with their drift counts), {@link io.reelstream.lifecycle.service.DriftReference},
 * {@link io.reelstream.lifecycle.service.CandidatePlan} (what to do with a retrained candidate).
 * Files and processes: {@link io.reelstream.lifecycle.service.RatingsFiles},
 * {@link io.reelstream.lifecycle.service.ProcessRetrainer}. Kafka:
 * {@link io.reelstream.lifecycle.service.LifecycleService}.
 */
package io.reelstream.lifecycle.service;
