package io.reelstream.trainer;

/**
 * What a training run reports while it works: stages, load progress and each ALS iteration. The CLI
 * draws progress bars from these; the default does nothing (the pipeline logs through slf4j anyway).
 */
public interface PipelineListener {
    PipelineListener NONE = new PipelineListener() { };

    /** A stage starts: load, filter, split, popularity, content, als, evaluate, write:&lt;file&gt;, latest. */
    default void onStage(String stage) { }

    default void onLoadProgress(String file, long bytesRead, long totalBytes) { }

    default void onAlsIteration(int iteration, int iterations, double loss, long nanos) { }

    /**
     * True when this listener shows progress, the per-iteration loss and the evaluation table on a
     * console itself; the pipeline then logs those at DEBUG instead of INFO, so they appear once.
     */
    default boolean drawsOnConsole() { return false; }
}
