package io.reelstream.trainer.io;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happens to a bad line: by default the load fails with the file, line and reason; with
 * skip-bad-lines the line is dropped and counted per file and reason, and the first example kept
 * for the summary.
 */
public final class IssueLog {
    private final boolean skipBadLines;
    private final Map<String, EnumMap<LineIssue, Long>> counts = new LinkedHashMap<>();
    private final Map<String, EnumMap<LineIssue, String>> firstExample = new LinkedHashMap<>();

    public IssueLog(boolean skipBadLines) {
        this.skipBadLines = skipBadLines;
    }

    public boolean skipBadLines() { return skipBadLines; }

    /** Records a bad line, or throws when bad lines are not skipped. */
    public void report(String file, long line, LineIssue issue, String detail) {
        reportAt(file, file + ":" + line, issue, detail);
    }

    /** Records a bad row of a columnar file (Parquet): where reads "file:row N", N 1-based over the whole file. */
    public void reportRow(String file, long row, LineIssue issue, String detail) {
        reportAt(file, file + ":row " + row, issue, detail);
    }

    private void reportAt(String file, String where, LineIssue issue, String detail) {
        if (!skipBadLines) {
            throw new BadInputException(where + ": " + issue.label() + ": " + detail
                    + "; fix it or pass --skip-bad-lines to skip and count such lines");
        }
        counts.computeIfAbsent(file, f -> new EnumMap<>(LineIssue.class)).merge(issue, 1L, Long::sum);
        firstExample.computeIfAbsent(file, f -> new EnumMap<>(LineIssue.class)).putIfAbsent(issue, where + ": " + detail);
    }

    public long total() {
        return counts.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    public long count(String file, LineIssue issue) {
        EnumMap<LineIssue, Long> perFile = counts.get(file);
        return perFile == null ? 0 : perFile.getOrDefault(issue, 0L);
    }

    /** Skipped lines per "file: reason", for the manifest. */
    public Map<String, Long> asMap() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((file, perIssue) -> perIssue.forEach((issue, n) -> out.put(file + ": " + issue.label(), n)));
        return out;
    }

    /** One line per file and reason, with the first example: the counted summary. */
    public String summary() {
        if (counts.isEmpty()) return "no bad lines";
        StringBuilder sb = new StringBuilder("skipped ").append(total()).append(" bad line(s):");
        counts.forEach((file, perIssue) -> perIssue.forEach((issue, n) -> sb.append(System.lineSeparator())
                .append("  ").append(file).append(": ").append(n).append(" x ").append(issue.label())
                .append(" (first at ").append(firstExample.get(file).get(issue)).append(')')));
        return sb.toString();
    }
}
