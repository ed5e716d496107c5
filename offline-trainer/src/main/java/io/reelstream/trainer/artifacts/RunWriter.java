package io.reelstream.trainer.artifacts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.reelstream.core.als.AlsModel;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.model.FactorFile;
import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.model.ItemNeighboursFile;
import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.trainer.content.ContentNeighbours;
import io.reelstream.trainer.io.Movie;
import io.reelstream.trainer.io.RatingsTable;
import io.reelstream.trainer.popularity.PopularityModel;
import io.reelstream.trainer.split.FittedData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the files of one run in core {@link ModelRunLayout}'s formats: factor files and TSVs
 * with a header line, all keyed by external movieId/userId.
 */
public final class RunWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunWriter() {}

    public static void writeFactors(Path run, FittedData fitted, AlsModel model) throws IOException {
        FactorFile.write(run.resolve(ModelRunLayout.ITEM_FACTORS), new FactorMatrix(fitted.items().ids(), model.k(), model.itemFactors()));
        FactorFile.write(run.resolve(ModelRunLayout.USER_FACTORS), new FactorMatrix(fitted.users().ids(), model.k(), model.userFactors()));
    }

    /** The item-to-item model's serving form, rows and neighbours as movie ids (core ItemNeighboursFile). */
    public static void writeItemNeighbours(Path run, FittedData fitted, ItemNeighbours neighbours) throws IOException {
        ItemNeighboursFile.write(run.resolve(ModelRunLayout.ITEM_NEIGHBOURS), fitted.items().ids(), neighbours);
    }

    /** movieId \t title \t year \t genres (pipe-joined) of every fitted item; empty year when unknown. */
    public static void writeItems(Path run, FittedData fitted, Map<Integer, Movie> movies) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(run.resolve(ModelRunLayout.ITEMS), StandardCharsets.UTF_8)) {
            out.write("movieId\ttitle\tyear\tgenres\n");
            for (int i = 0; i < fitted.itemCount(); i++) {
                int id = fitted.items().id(i);
                Movie m = movies.get(id);
                out.write(id + "\t" + (m == null ? "" : clean(m.title())) + "\t" + (m == null || !m.hasYear() ? "" : m.year())
                        + "\t" + (m == null ? "" : String.join("|", m.genres())) + "\n");
            }
        }
    }

    /** movieId \t score \t count \t mean, best first. */
    public static void writePopularity(Path run, FittedData fitted, PopularityModel popularity) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(run.resolve(ModelRunLayout.POPULARITY), StandardCharsets.UTF_8)) {
            out.write("movieId\tscore\tcount\tmean\n");
            for (int item : popularity.ranking()) {
                out.write(fitted.items().id(item) + "\t" + (float) popularity.score(item) + "\t" + popularity.count(item)
                        + "\t" + (float) popularity.mean(item) + "\n");
            }
        }
    }

    /** movieId \t neighbourId \t similarity, best first per movie. */
    public static void writeContentNeighbours(Path run, FittedData fitted, ContentNeighbours neighbours) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(run.resolve(ModelRunLayout.CONTENT_NEIGHBOURS), StandardCharsets.UTF_8)) {
            out.write("movieId\tneighbourId\tsimilarity\n");
            for (int i = 0; i < neighbours.items(); i++) {
                int id = fitted.items().id(i);
                for (int j = 0; j < neighbours.k(); j++) {
                    int nb = neighbours.neighbour(i, j);
                    if (nb < 0) break;
                    out.write(id + "\t" + fitted.items().id(nb) + "\t" + neighbours.score(i, j) + "\n");
                }
            }
        }
    }

    /** userId \t movieId \t preference \t timestamp of the fitted data, by user then movie. */
    public static void writeInteractions(Path run, FittedData fitted) throws IOException {
        RatingsTable ratings = fitted.ratings();
        try (BufferedWriter out = Files.newBufferedWriter(run.resolve(ModelRunLayout.INTERACTIONS), StandardCharsets.UTF_8)) {
            out.write("userId\tmovieId\tpreference\ttimestamp\n");
            StringBuilder line = new StringBuilder(48);
            for (int u = 0; u < fitted.userCount(); u++) {
                int userId = fitted.users().id(u);
                for (int j = fitted.start(u); j < fitted.end(u); j++) {
                    line.setLength(0);
                    line.append(userId).append('\t').append(fitted.items().id(fitted.item(j))).append('\t')
                            .append(fitted.preference(j)).append('\t').append(ratings.timestamp(fitted.sourceRow(j))).append('\n');
                    out.append(line);
                }
            }
        }
    }

    public static void writeManifest(Path run, Map<String, Object> manifest) throws IOException {
        JSON.writeValue(run.resolve(ModelRunLayout.MANIFEST).toFile(), manifest);
    }

    public static void writeJson(Path file, Object value) throws IOException {
        JSON.writeValue(file.toFile(), value);
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
