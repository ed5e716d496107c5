package io.reelstream.lifecycle.service;

import java.nio.file.Path;
import java.util.List;

/**
 * Trains and publishes one new version: the service's retrain step. {@link ProcessRetrainer} runs
 * the trainer's command line; the publish registers the version as a CANDIDATE with the trigger in
 * its lineage.
 */
public interface Retrainer {
    /**
     * @param trigger      what started it (ModelLineage.trigger), e.g. feedback-count+drift
     * @param trainingData a MovieLens directory: the data dir's ratings plus the swipes
     */
    Result retrain(String trigger, Path trainingData) throws RetrainException;

    /** One step of a retrain: its name, how long it took, and where its output went (may be null). */
    record Step(String name, long millis, Path log) {}

    /** The version the retrain published and registered, and the steps it took. */
    record Result(String version, Path runDir, List<Step> steps) {}

    /** A retrain that failed: which step, and why. */
    final class RetrainException extends Exception {
        public RetrainException(String message) {
            super(message);
        }

        public RetrainException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
