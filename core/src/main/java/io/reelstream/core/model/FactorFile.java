package io.reelstream.core.model;

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

/**
 * Binary factor file, big-endian (Java's DataOutput):
 * <pre>
 *   int magic 0x52534631 ("RSF1") | int rows | int k | rows × int id | rows·k × float32 (row-major)
 * </pre>
 * Written by the trainer, read by publish and the performance tools; ids sit beside the values so a
 * file is self-describing.
 */
public final class FactorFile {
    public static final int MAGIC = 0x52534631;

    private FactorFile() {}

    public static void write(Path file, FactorMatrix m) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(m.rows());
            out.writeInt(m.k());
            for (int id : m.ids()) out.writeInt(id);
            for (float v : m.values()) out.writeFloat(v);
        }
    }

    public static FactorMatrix read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException(file + " is not a factor file (magic " + Integer.toHexString(magic)
                        + ", expected " + Integer.toHexString(MAGIC) + ")");
            }
            int rows = in.readInt();
            int k = in.readInt();
            if (rows < 0 || k <= 0) throw new IOException(file + ": bad header rows=" + rows + " k=" + k);
            int[] ids = new int[rows];
            for (int r = 0; r < rows; r++) ids[r] = in.readInt();
            float[] values = new float[Math.multiplyExact(rows, k)];
            for (int i = 0; i < values.length; i++) values[i] = in.readFloat();
            return new FactorMatrix(ids, k, values);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }
}
