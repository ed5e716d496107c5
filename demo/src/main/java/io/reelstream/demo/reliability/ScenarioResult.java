package io.reelstream.demo.reliability;

import java.util.List;
import java.util.Locale;

/**
 * One scenario's row: what went in, what was applied, the exactly-once counts, and the figure that
 * matters with the per-event detail behind it.
 */
record ScenarioResult(String scenario, long recordsIn, long listed, long lost, long appliedTwice, long deadLettered,
                      long stateMismatches, String figureName, double figureSeconds, double figureLimitSeconds,
                      List<String> events, List<String> problems) {

    boolean exactlyOnce() {
        return lost == 0 && appliedTwice == 0 && stateMismatches == 0;
    }

    boolean pass() {
        return exactlyOnce() && problems.isEmpty() && figureSeconds >= 0 && figureSeconds <= figureLimitSeconds;
    }

    /** "recovery after kill -9: max 2.1 s" — the line the issue asks for. */
    String figureLine() {
        return figureSeconds < 0 ? figureName + ": not measured (timed out)"
                : String.format(Locale.ROOT, "%s: max %.1f s", figureName, figureSeconds);
    }

    static String table(List<ScenarioResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | records in | lists | lost | applied twice | dead-lettered | state mismatches | verdict | figure |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (ScenarioResult r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %s | %s (limit %.0f s) |%n",
                    r.scenario, r.recordsIn, r.listed, r.lost, r.appliedTwice, r.deadLettered, r.stateMismatches,
                    r.pass() ? "PASS" : "FAIL", r.figureLine(), r.figureLimitSeconds));
        }
        return sb.toString();
    }
}
