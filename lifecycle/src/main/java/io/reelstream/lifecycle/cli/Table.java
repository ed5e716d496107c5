package io.reelstream.lifecycle.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table: columns as wide as their widest cell, two spaces apart; and the CLI's number and time formats. */
final class Table {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final List<String[]> rows = new ArrayList<>();

    Table(Object... header) {
        row(header);
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = cells[i] == null ? "-" : cells[i].toString();
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r[i]);
                if (i < columns - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    static String minutes(long epochMs) {
        return MINUTES.format(Instant.ofEpochMilli(epochMs));
    }

    static String seconds(Long epochMs) {
        return epochMs == null ? "-" : SECONDS.format(Instant.ofEpochMilli(epochMs));
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }

    static String ratio(long numerator, long denominator) {
        return denominator == 0 ? "-" : String.format(Locale.ROOT, "%.4f", (double) numerator / denominator);
    }

    static String abbreviate(String s, int max) {
        if (s == null) return "-";
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
