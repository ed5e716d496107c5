package io.reelstream.demo.reliability;

import java.util.List;
import java.util.Locale;

/**
 * One scenario's row: what went in, what was applied, the exactly-once counts, and the figure that
 * matters (time to recover, longest gap, slope) with whether it met its rule, plus the per-event
 * detail behind it.
 *
 * @param recordsIn      records the scenario put on {@code swipes} (good and bad)
 * @param applied        records that got their list (a committed list naming them as its cause)
 * @param lost           records with neither a list nor a dead letter
 * @param appliedTwice   records with more than one outcome (two lists, or a list and a dead letter)
 * @param deadLettered   records parked in {@code swipes-dlq}
 * @param stateMismatches users whose swipe count on REST differs from the swipes of theirs applied
 * @param figure         the key figure as printed, e.g. "recovery after kill -9: max 4.9 s (limit 5 s)"
 * @param figureOk       whether the figure met the scenario's rule
 */
record ScenarioResult(String scenario, long recordsIn, long applied, long lost, long appliedTwice, long deadLettered,
                      long stateMismatches, String figure, boolean figureOk, List<String> events, List<String> problems) {

    boolean exactlyOnce() {
        return lost == 0 && appliedTwice == 0 && stateMismatches == 0;
    }

    boolean pass() {
        return exactlyOnce() && problems.isEmpty() && figureOk;
    }

    /** "max 4.9 s (limit 5 s)", or "not measured (timed out)" for a negative figure. */
    static String seconds(String name, double seconds, double limit) {
        return seconds < 0 ? name + ": not measured (timed out)"
                : String.format(Locale.ROOT, "%s: max %.1f s (limit %.0f s)", name, seconds, limit);
    }

    static String table(List<ScenarioResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | records in | applied | lost | applied twice | dead-lettered | swipe-count mismatches | verdict | figure |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (ScenarioResult r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %s | %s |%n",
                    r.scenario, r.recordsIn, r.applied, r.lost, r.appliedTwice, r.deadLettered, r.stateMismatches,
                    r.pass() ? "PASS" : "FAIL", r.figure.replace("|", "/")));
        }
        return sb.toString();
    }
}
