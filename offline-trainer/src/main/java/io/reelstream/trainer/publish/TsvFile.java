package io.reelstream.trainer.publish;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a run directory's tab-separated files (header line first, per core ModelRunLayout) row by
 * row, with errors that name file:line.
 */
final class TsvFile {
    /** One parsed row; {@code line} is 1-based in the file (the header is line 1). */
    interface RowHandler {
        void row(String[] fields, long line) throws PublishException;
    }

    private TsvFile() {}

    static void forEachRow(Path file, int minFields, RowHandler handler) throws PublishException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) return;
            long line = 1;
            String text;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isEmpty()) continue;
                String[] fields = text.split("\t", -1);
                if (fields.length < minFields) {
                    throw new PublishException(file + ":" + line + ": expected " + minFields
                            + " tab-separated fields, found " + fields.length + " in '" + text + "'");
                }
                handler.row(fields, line);
            }
        } catch (IOException e) {
            throw new PublishException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static int parseInt(String value, Path file, long line, String column) throws PublishException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new PublishException(file + ":" + line + ": column " + column + " is not an integer: '" + value + "'");
        }
    }

    static long parseLong(String value, Path file, long line, String column) throws PublishException {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new PublishException(file + ":" + line + ": column " + column + " is not an integer: '" + value + "'");
        }
    }

    static double parseDouble(String value, Path file, long line, String column) throws PublishException {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new PublishException(file + ":" + line + ": column " + column + " is not a number: '" + value + "'");
        }
    }
}
