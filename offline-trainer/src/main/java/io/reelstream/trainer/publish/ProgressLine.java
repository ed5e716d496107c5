package io.reelstream.trainer.publish;

import java.io.PrintWriter;

/**
 * "item-embeddings: 4200/9742 (43%)" kept on one console line (carriage return), or, when output
 * is not a terminal (CI, logs), a line at each quarter so logs stay short.
 */
final class ProgressLine {
    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean interactive;
    private int lastShown = -1;

    ProgressLine(PrintWriter out, String label, long total, boolean interactive) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.interactive = interactive;
    }

    void update(long done) {
        int percent = total == 0 ? 100 : (int) (100 * done / total);
        int step = interactive ? percent : percent / 25 * 25;
        if (step == lastShown) return;
        lastShown = step;
        String text = label + ": " + done + "/" + total + " (" + percent + "%)";
        if (interactive) {
            out.print("\r" + text);
            if (done == total) out.println();
        } else if (step % 25 == 0 || done == total) {
            out.println(text);
        }
        out.flush();
    }
}
