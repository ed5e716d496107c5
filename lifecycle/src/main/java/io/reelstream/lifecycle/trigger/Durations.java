package io.reelstream.lifecycle.trigger;

/** Short human durations for one-line explanations: {@code 7d}, {@code 6h}, {@code 2d 4h}, {@code 90s}, {@code 250ms}. */
final class Durations {
    private Durations() {}

    static String format(long ms) {
        if (ms < 0) return "-" + format(-ms);
        if (ms < 1000) return ms + "ms";
        long s = ms / 1000, d = s / 86_400, h = (s % 86_400) / 3600, m = (s % 3600) / 60, sec = s % 60;
        if (d > 0) return d + "d" + (h > 0 ? " " + h + "h" : "");
        if (h > 0) return h + "h" + (m > 0 ? " " + m + "m" : "");
        if (m > 0) return m + "m" + (sec > 0 ? " " + sec + "s" : "");
        return sec + "s";
    }
}
