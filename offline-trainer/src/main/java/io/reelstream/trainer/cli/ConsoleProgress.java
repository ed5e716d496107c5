package io.reelstream.trainer.cli;

import io.reelstream.trainer.PipelineListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Text progress bars on stderr: bytes read while loading (redrawn in place, only when the shown
 * percentage changes, so piping to a file stays short), and one line per ALS iteration with the
 * bar over the iterations, the loss and the iteration's time: the per-iteration log.
 */
final class ConsoleProgress implements PipelineListener {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean bars;
    private String currentFile;
    private int lastPercent = -1;

    /** @param bars false: draw nothing (--no-progress), the pipeline's logs carry the per-iteration lines */
    ConsoleProgress(PrintWriter err, boolean bars) {
        this.err = err;
        this.bars = bars;
    }

    @Override
    public void onLoadProgress(String file, long bytesRead, long totalBytes) {
        if (!bars) return;
        if (!file.equals(currentFile)) {
            currentFile = file;
            lastPercent = -1;
        }
        int percent = totalBytes <= 0 ? 100 : (int) (100 * bytesRead / totalBytes);
        if (percent == lastPercent) return;
        lastPercent = percent;
        draw(String.format(Locale.ROOT, "load %-12s %s %3d%% %7.1f / %.1f MB", file, bar(percent), percent,
                bytesRead / 1e6, totalBytes / 1e6), percent >= 100);
    }

    @Override
    public void onAlsIteration(int iteration, int iterations, double loss, long nanos) {
        if (!bars) return;
        int percent = iterations == 0 ? 100 : 100 * iteration / iterations;
        draw(String.format(Locale.ROOT, "ALS  %s %3d/%d  loss %s  %.2f s/iteration", bar(percent), iteration, iterations,
                Double.isNaN(loss) ? "n/a" : String.format(Locale.ROOT, "%.4e", loss), nanos / 1e9), true);
    }

    @Override
    public boolean showsAlsIterations() {
        return bars;
    }

    @Override
    public boolean showsEvaluationTable() {
        return true; // the command prints it on stdout
    }

    @Override
    public void onStage(String stage) {
        currentFile = null;
    }

    private void draw(String line, boolean done) {
        err.print("\r" + line + (done ? System.lineSeparator() : ""));
        err.flush();
    }

    static String bar(int percent) {
        int filled = Math.max(0, Math.min(WIDTH, percent * WIDTH / 100));
        return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "]";
    }
}
