package io.reelstream.core.model;

import io.reelstream.core.itemitem.ItemNeighbours;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The serving form of an item-to-item model on disk ({@link ModelRunLayout#ITEM_NEIGHBOURS}), keyed
 * by external movie ids so a reader needs no other file: each movie's neighbour movies and weights,
 * strongest first. Big-endian (Java's DataOutput), like {@link FactorFile}:
 * <pre>
 *   int magic 0x52534E31 ("RSN1") | int rows | int maxPerRow | long nnz
 *   rows × { int movieId | int count | count × int neighbourMovieId | count × float32 weight }
 * </pre>
 * weight = B[movieId → neighbour], the amount a unit of preference for movieId adds to the
 * neighbour's score; a row may be empty (count 0). Written by the trainer, read by publish.
 */
public final class ItemNeighboursFile {
    public static final int MAGIC = 0x52534E31;

    private ItemNeighboursFile() {}

    /** A read file: the movie id of each row and the lists over those rows. */
    public record Contents(int[] ids, ItemNeighbours neighbours) {
        /** movieId → row, built on demand. O(rows). */
        public Map<Integer, Integer> rowById() {
            Map<Integer, Integer> index = new HashMap<>(ids.length * 2);
            for (int r = 0; r < ids.length; r++) index.put(ids[r], r);
            return index;
        }
    }

    /** Writes the lists with ids[row] naming each row (and each neighbour). O(rows + nnz). */
    public static void write(Path file, int[] ids, ItemNeighbours nb) throws IOException {
        if (ids.length != nb.rows()) {
            throw new IllegalArgumentException(ids.length + " ids for " + nb.rows() + " neighbour rows");
        }
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(nb.rows());
            out.writeInt(nb.maxCount());
            out.writeLong(nb.nnz());
            for (int j = 0; j < nb.rows(); j++) {
                out.writeInt(ids[j]);
                out.writeInt(nb.count(j));
                for (int e = nb.start(j); e < nb.end(j); e++) out.writeInt(ids[nb.neighbour(e)]);
                for (int e = nb.start(j); e < nb.end(j); e++) out.writeFloat(nb.weight(e));
            }
        }
    }

    /** Reads a file written by {@link #write}; rows keep the file's order. O(rows + nnz). */
    public static Contents read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException(file + " is not an item-neighbours file (magic " + Integer.toHexString(magic)
                        + ", expected " + Integer.toHexString(MAGIC) + ")");
            }
            int rows = in.readInt();
            int maxPerRow = in.readInt();
            long nnz = in.readLong();
            if (rows < 0 || maxPerRow < 0 || nnz < 0 || nnz > (long) rows * maxPerRow || nnz > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": bad header rows=" + rows + " maxPerRow=" + maxPerRow + " nnz=" + nnz);
            }
            int[] ids = new int[rows];
            int[] start = new int[rows + 1];
            int[] neighbourIds = new int[(int) nnz];
            float[] weight = new float[(int) nnz];
            int w = 0;
            for (int j = 0; j < rows; j++) {
                ids[j] = in.readInt();
                int count = in.readInt();
                if (count < 0 || count > maxPerRow || w + count > nnz) {
                    throw new IOException(file + ": row " + j + " (movie " + ids[j] + ") has a bad count " + count);
                }
                for (int e = 0; e < count; e++) neighbourIds[w + e] = in.readInt();
                for (int e = 0; e < count; e++) weight[w + e] = in.readFloat();
                w += count;
                start[j + 1] = w;
            }
            if (w != nnz) throw new IOException(file + ": header says " + nnz + " entries, rows hold " + w);
            Map<Integer, Integer> rowById = new HashMap<>(rows * 2);
            for (int r = 0; r < rows; r++) {
                if (rowById.put(ids[r], r) != null) throw new IOException(file + ": movie " + ids[r] + " appears twice");
            }
            int[] neighbour = new int[w];
            for (int e = 0; e < w; e++) {
                Integer row = rowById.get(neighbourIds[e]);
                if (row == null) throw new IOException(file + ": neighbour movie " + neighbourIds[e] + " has no row");
                neighbour[e] = row;
            }
            try {
                return new Contents(ids, new ItemNeighbours(rows, start, neighbour, weight));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }
}
