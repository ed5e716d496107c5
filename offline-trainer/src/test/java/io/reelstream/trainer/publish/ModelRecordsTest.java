package io.reelstream.trainer.publish;

import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.model.ItemNeighboursFile;
import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.schemas.HistoryEntry;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ModelVersion;
import io.reelstream.schemas.UserSeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRecordsTest {
    @TempDir
    Path models;

    @Test
    void itemsCarryFactorsMetadataPopularityAndNeighbours() throws Exception {
        ModelRecords records = new ModelRecords(RunArtifacts.read(FixtureRun.write(models)));

        assertEquals(4, records.itemCount());
        ItemEmbedding toyStory = records.item(0);
        assertEquals(FixtureRun.NAME, toyStory.getModelVersion());
        assertEquals(1, toyStory.getMovieId());
        assertEquals(List.of(0.1f, 0.2f), toyStory.getFactors());
        assertEquals("Toy Story", toyStory.getTitle());
        assertEquals(1995, toyStory.getYear());
        assertEquals(List.of("Adventure", "Animation", "Children", "Comedy", "Fantasy"), toyStory.getGenres());
        assertEquals(8.0, toyStory.getPopularityScore());
        assertEquals(2, toyStory.getPopularityRank(), "second line of popularity.tsv");
        assertEquals(List.of(2, 3), toyStory.getContentNeighbours());
        assertNull(toyStory.getMarker());

        ItemEmbedding suspects = records.item(3);
        assertEquals(50, suspects.getMovieId());
        assertNull(suspects.getYear(), "empty year column");
        assertEquals(List.of(), suspects.getGenres(), "'(no genres listed)' is no genre");
        assertEquals(1, suspects.getPopularityRank());
        assertEquals(List.of(), suspects.getContentNeighbours());

        ItemEmbedding unranked = records.item(2);
        assertEquals(0, unranked.getPopularityRank(), "movie 3 is not in popularity.tsv");
    }

    @Test
    void userSeedsHoldFactorsAndHistoryOldestFirstInMillis() throws Exception {
        ModelRecords records = new ModelRecords(RunArtifacts.read(FixtureRun.write(models)));

        assertEquals(2, records.userCount());
        UserSeed seven = records.userSeed(0);
        assertEquals(7, seven.getUserId());
        assertEquals(List.of(1f, 2f), seven.getFactors());
        assertEquals(List.of(
                        new HistoryEntry(1, 1, 964_982_703_000L),
                        new HistoryEntry(3, -2, 964_982_703_000L), // same time: lower movieId first
                        new HistoryEntry(50, 2, 964_982_931_000L)),
                seven.getHistory());
        assertEquals(List.of(new HistoryEntry(2, -1, 964_981_000_000L)), records.userSeed(1).getHistory());
    }

    @Test
    void markerDescribesTheModel() throws Exception {
        ModelRecords records = new ModelRecords(RunArtifacts.read(FixtureRun.write(models)));

        ItemEmbedding marker = records.marker();
        assertTrue(marker.getMarker() != null);
        assertEquals("als", marker.getMarker().getKind(), "a run without a serving section is an ALS version");
        ModelVersion version = marker.getMarker();
        assertEquals(FixtureRun.NAME, version.getModelVersion());
        assertEquals(4, version.getItems());
        assertEquals(2, version.getUsers());
        assertEquals(2, version.getFactors());
        assertEquals(Instant.parse("2026-11-23T10:15:00Z").toEpochMilli(), version.getTrainedAt());
        assertEquals(Map.ofEntries(
                Map.entry("als.factors", 2.0), Map.entry("als.lambda", 0.1), Map.entry("als.alpha", 15.0),
                Map.entry("als.frequency.regularization", 1.0), Map.entry("als.regularization.frequency", 1.0),
                Map.entry("eval.k", 10.0), Map.entry("eval.scoredUsers", 2.0),
                Map.entry("als.k", 10.0), Map.entry("als.users", 2.0), Map.entry("als.ndcg", 0.25), Map.entry("als.recall", 0.2),
                Map.entry("popularity.k", 10.0), Map.entry("popularity.users", 2.0), Map.entry("popularity.ndcg", 0.1)),
                version.getMetrics());
    }

    /** A blend version is both kinds under one version: the factors, the neighbour rows, and β in the marker. */
    @Test
    void aBlendRunPublishesFactorsAndNeighbourRowsWithItsWeightInTheMarker() throws Exception {
        Path run = FixtureRun.write(models);
        ItemNeighboursFile.write(run.resolve(ModelRunLayout.ITEM_NEIGHBOURS), FixtureRun.MOVIES,
                new ItemNeighbours(4, new int[] {0, 2, 3, 3, 3}, new int[] {1, 3, 0}, new float[] {0.5f, -0.25f, 0.75f}));
        String manifest = Files.readString(run.resolve(ModelRunLayout.MANIFEST));
        Files.writeString(run.resolve(ModelRunLayout.MANIFEST), manifest.replaceFirst("\\{\"run\"",
                "{\"serving\": {\"kind\": \"blend\", \"settings\": {\"blend.weight\": \"0.4\", \"recency.floor\": \"0.1\"}}, \"run\""));

        ModelRecords records = new ModelRecords(RunArtifacts.read(run));
        ModelVersion marker = records.marker().getMarker();
        assertEquals("blend", marker.getKind());
        assertEquals(Map.of("blend.weight", "0.4", "recency.floor", "0.1"), marker.getSettings());
        assertEquals(4, marker.getItems(), "every movie's factors");
        assertEquals(4, marker.getNeighbourItems(), "a neighbour row per movie (empty ones too)");
        assertEquals(List.of(2, 50), records.neighbours(0).getNeighbours());
        assertEquals(List.of(0.5f, -0.25f), records.neighbours(0).getWeights());

        // the same run as an itemitem or als version; a run without neighbour rows is no blend
        assertEquals("itemitem", new ModelRecords(RunArtifacts.read(run).as("itemitem", null)).marker().getMarker().getKind());
        assertEquals(0, new ModelRecords(RunArtifacts.read(run).as("als", null)).neighbourCount());
        Files.delete(run.resolve(ModelRunLayout.ITEM_NEIGHBOURS));
        Files.writeString(run.resolve(ModelRunLayout.MANIFEST), manifest);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunArtifacts.read(run).as("blend", null));
        assertTrue(e.getMessage().endsWith("has no item_neighbours.bin: it cannot be published as a version of kind blend"
                + " (it needs the item-to-item rows)"), e.getMessage());
    }

    @Test
    void optionalFilesMayBeMissingRequiredOnesMayNot() throws Exception {
        Path run = FixtureRun.write(models);
        Files.delete(run.resolve(ModelRunLayout.USER_FACTORS));
        Files.delete(run.resolve(ModelRunLayout.MANIFEST));
        RunArtifacts artifacts = RunArtifacts.read(run);
        assertEquals(List.of(ModelRunLayout.USER_FACTORS, ModelRunLayout.MANIFEST), artifacts.missing());
        assertEquals(0, new ModelRecords(artifacts).userCount());
        assertEquals(Instant.parse("2026-11-23T10:15:00Z").toEpochMilli(), artifacts.trainedAt(), "from the run name");

        Files.delete(run.resolve(ModelRunLayout.ITEM_FACTORS));
        PublishException e = assertThrows(PublishException.class, () -> RunArtifacts.read(run));
        assertTrue(e.getMessage().contains("item_factors.bin is missing"), e.getMessage());
    }

    @Test
    void badLinesAreReportedWithFileAndLine() throws IOException {
        Path run = FixtureRun.write(models);
        Files.writeString(run.resolve(ModelRunLayout.INTERACTIONS),
                "userId\tmovieId\tpreference\ttimestamp\n7\t1\t1\t964982703\n7\t2\t3\t964982703\n");
        PublishException e = assertThrows(PublishException.class, () -> RunArtifacts.read(run));
        assertTrue(e.getMessage().contains("interactions.tsv:3: preference must be -2, -1, +1 or +2, got 3"), e.getMessage());

        Files.writeString(run.resolve(ModelRunLayout.ITEMS), "movieId\ttitle\tyear\tgenres\nx\tToy Story\t1995\tComedy\n");
        e = assertThrows(PublishException.class, () -> RunArtifacts.read(run));
        assertTrue(e.getMessage().contains("items.tsv:2: column movieId is not an integer: 'x'"), e.getMessage());
    }

    @Test
    void missingRunDirectorySaysWhatToDo() {
        PublishException e = assertThrows(PublishException.class, () -> RunArtifacts.read(models.resolve("run_nope")));
        assertTrue(e.getMessage().contains("does not exist; pass --run DIR or train first"), e.getMessage());
    }
}
