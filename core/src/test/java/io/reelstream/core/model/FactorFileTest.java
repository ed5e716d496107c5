package io.reelstream.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactorFileTest {
    @TempDir Path dir;

    @Test
    void roundTripsIdsAndValues() throws IOException {
        FactorMatrix m = new FactorMatrix(new int[] {7, 3}, 2, new float[] {1f, -2f, 0.5f, 3.25f});
        Path file = dir.resolve("f.bin");
        FactorFile.write(file, m);
        FactorMatrix back = FactorFile.read(file);
        assertArrayEquals(m.ids(), back.ids());
        assertArrayEquals(m.values(), back.values());
        assertEquals(1, back.rowOf(3));
        assertEquals(-1, back.rowOf(99));
        assertArrayEquals(new float[] {0.5f, 3.25f}, back.row(1));
    }

    @Test
    void rejectsForeignAndTruncatedFilesByName() throws IOException {
        Path foreign = dir.resolve("foreign.bin");
        Files.write(foreign, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        IOException e = assertThrows(IOException.class, () -> FactorFile.read(foreign));
        assertTrue(e.getMessage().contains("foreign.bin"));

        Path file = dir.resolve("cut.bin");
        FactorFile.write(file, new FactorMatrix(new int[] {1, 2}, 3, new float[6]));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        IOException cut = assertThrows(IOException.class, () -> FactorFile.read(file));
        assertTrue(cut.getMessage().contains("truncated"));
    }

    @Test
    void latestPointsAtTheMarkedRun() throws IOException {
        Path run = Files.createDirectory(dir.resolve("run_20260101T000000Z"));
        assertThrows(IOException.class, () -> ModelRunLayout.latestRun(dir));
        ModelRunLayout.markLatest(dir, run);
        assertEquals(run, ModelRunLayout.latestRun(dir));
    }
}
