package io.reelstream.trainer.runs;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: columns as wide as their widest cell, numbers right-aligned, a rule under the header. */
final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(c == null ? "" : String.valueOf(c));
        rows.add(r);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public String toString() {
        int n = header.size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        for (int c = 0; c < n; c++) {
            width[c] = header.get(c).length();
            numeric[c] = true;
        }
        for (List<String> r : rows) {
            for (int c = 0; c < n; c++) {
                String v = c < r.size() ? r.get(c) : "";
                width[c] = Math.max(width[c], v.length());
                if (!v.isEmpty() && !v.matches("[-+]?[0-9.,]+(e-?[0-9]+)?%?")) numeric[c] = false;
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width, numeric);
        for (int c = 0; c < n; c++) {
            sb.append("-".repeat(width[c]));
            if (c < n - 1) sb.append("  ");
        }
        sb.append(System.lineSeparator());
        for (List<String> r : rows) line(sb, r, width, numeric);
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width, boolean[] numeric) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            String v = c < cells.size() ? cells.get(c) : "";
            String pad = " ".repeat(width[c] - v.length());
            l.append(numeric[c] ? pad + v : v + pad);
            if (c < width.length - 1) l.append("  ");
        }
        sb.append(l.toString().stripTrailing()).append(System.lineSeparator());
    }
}
