package io.reelstream.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.itemitem.ItemNeighbours;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemNeighboursFileTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsMovieIdsAndWeightsStrongestFirst() throws IOException {
        // rows 0..2 are movies 318, 2571, 5; row 2 has no neighbours
        ItemNeighbours nb = new ItemNeighbours(3, new int[] {0, 2, 3, 3}, new int[] {2, 1, 0}, new float[] {0.25f, 0.5f, -0.125f});
        Path file = tmp.resolve(ModelRunLayout.ITEM_NEIGHBOURS);
        ItemNeighboursFile.write(file, new int[] {318, 2571, 5}, nb);
        ItemNeighboursFile.Contents c = ItemNeighboursFile.read(file);
        assertArrayEquals(new int[] {318, 2571, 5}, c.ids());
        ItemNeighbours back = c.neighbours();
        assertEquals(3, back.nnz());
        assertEquals(2, back.count(0));
        assertEquals(1, back.neighbour(back.start(0)), "strongest first: 2571 (0.5) before 5 (0.25)");
        assertEquals(0.5f, back.weight(back.start(0)), 0f);
        assertEquals(0, back.neighbour(back.start(1)));
        assertEquals(-0.125f, back.weight(back.start(1)), 0f);
        assertEquals(0, back.count(2));
        assertEquals(1, c.rowById().get(2571));
        // header: magic, rows, max per row, nnz; then row 0 = movie 318, count 2, ids 2571 5, weights
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(4 + 4 + 4 + 8 + (4 + 4 + 2 * 8) + (4 + 4 + 8) + (4 + 4), bytes.length);
    }

    @Test
    void rejectsOtherFilesAndTruncatedOnes() throws IOException {
        Path bad = tmp.resolve("bad.bin");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        IOException e = assertThrows(IOException.class, () -> ItemNeighboursFile.read(bad));
        assertTrue(e.getMessage().contains("not an item-neighbours file"), e.getMessage());
        Path file = tmp.resolve("nb.bin");
        ItemNeighboursFile.write(file, new int[] {1, 2}, new ItemNeighbours(2, new int[] {0, 1, 2}, new int[] {1, 0}, new float[] {1f, 2f}));
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 3));
        e = assertThrows(IOException.class, () -> ItemNeighboursFile.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
