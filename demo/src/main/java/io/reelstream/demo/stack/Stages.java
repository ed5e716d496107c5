package io.reelstream.demo.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs the named stages of a run, logging what each one does and how long it took, and keeps the
 * timings for the final summary: {@code [stage] broker: starting…} then {@code [stage] broker: done in 812 ms}.
 */
public final class Stages {
    private static final Logger log = LoggerFactory.getLogger(Stages.class);

    private final Map<String, Long> millis = new LinkedHashMap<>();

    /** A stage that produces something. Exceptions pass through, the failure is logged with its timing. */
    public <T> T run(String name, String what, Callable<T> stage) throws Exception {
        log.info("[stage] {}: {}", name, what);
        long t0 = System.nanoTime();
        try {
            T result = stage.call();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            millis.put(name, ms);
            log.info("[stage] {}: done in {}", name, format(ms));
            return result;
        } catch (Exception | Error e) {
            log.error("[stage] {}: FAILED after {}: {}", name, format((System.nanoTime() - t0) / 1_000_000), e.toString());
            throw e;
        }
    }

    /** A stage with no result. */
    public void run(String name, String what, ThrowingRunnable stage) throws Exception {
        run(name, what, () -> {
            stage.run();
            return null;
        });
    }

    public Map<String, Long> millis() {
        return Map.copyOf(millis);
    }

    /** "name 1.2 s, name 340 ms, …" in stage order. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        millis.forEach((name, ms) -> sb.append(sb.length() == 0 ? "" : ", ").append(name).append(' ').append(format(ms)));
        return sb.toString();
    }

    public static String format(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** A stage body without a result. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
