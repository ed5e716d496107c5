package io.reelstream.trainer;

/**
 * What a training run reports while it works: stages, load progress and each ALS iteration. The CLI
 * draws progress bars from these; the default does nothing (the pipeline logs through slf4j anyway).
 */
public interface PipelineListener {
    PipelineListener NONE = new PipelineListener() { };

    /** A stage starts: load, filter, split, popularity, content, als, itemitem, evaluate, write:&lt;file&gt;, latest. */
    default void onStage(String stage) { }

    default void onLoadProgress(String file, long bytesRead, long totalBytes) { }

    default void onAlsIteration(int iteration, int iterations, double loss, long nanos) { }

    /** True when this listener shows each ALS iteration's loss and time itself: the pipeline then logs them at DEBUG. */
    default boolean showsAlsIterations() { return false; }

    /** True when the caller prints the evaluation table itself: the pipeline then logs it at DEBUG. */
    default boolean showsEvaluationTable() { return false; }
}
