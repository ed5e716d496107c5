package io.reelstream.demo.eval;

import io.reelstream.demo.stack.ModelStage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The replay-eval table: one row per update rule (figures per positive swipe of the replay) beside
 * the trainer's offline PROTOCOL figures of the same run (per scored user), as markdown and CSV.
 */
public final class EvalReport {
    public static final String MARKDOWN = "replay-eval.md";
    public static final String CSV = "replay-eval.csv";

    /** One table row; {@code hitRateOrRecall} is HR@K for replay rows and Recall@K for offline rows. */
    public record Row(String run, String kind, String averagedOver, long n, double hitRateOrRecall, double ndcg,
                      double coverage, long hits, long deadLetters, double swipesPerSecond) {}

    /** What was replayed, for the header. */
    public record Context(String data, String slice, int swipes, int positives, int users, boolean wholeSlice,
                          String modelVersion, int catalogueSize, int k, String command) {}

    private EvalReport() {}

    public static List<Row> rows(List<RuleReplay.Result> replays, List<ModelStage.OfflineFigures> offline) {
        List<Row> rows = new ArrayList<>();
        for (RuleReplay.Result r : replays) {
            var f = r.figures();
            rows.add(new Row("replay " + r.rule(), "replay", "positive swipes", f.positives(), f.hitRate(), f.ndcg(),
                    f.coverage(r.catalogueSize()), f.hits(), f.deadLetters(), r.swipesPerSecond()));
        }
        for (ModelStage.OfflineFigures o : offline) {
            rows.add(new Row("offline " + o.model() + " (PROTOCOL)", "offline", "scored users", o.users(), o.recall(), o.ndcg(),
                    o.coverage(), -1, -1, Double.NaN));
        }
        return rows;
    }

    public static String markdown(Context c, List<Row> rows) {
        int k = c.k();
        StringBuilder sb = new StringBuilder();
        sb.append("# Replay evaluation: update rules on the live topology vs the offline PROTOCOL figures\n\n");
        sb.append(String.format(Locale.ROOT, "- data: `%s`, slice replayed: %s (%d swipes%s, %d positive, %d users), in time order%n",
                c.data(), c.slice(), c.swipes(), c.wholeSlice() ? "" : ", the first ones in time order only", c.positives(), c.users()));
        sb.append(String.format(Locale.ROOT, "- model: %s (%d movies), trained on the PROTOCOL train slice; K = %d%n",
                c.modelVersion(), c.catalogueSize(), k));
        sb.append("- command: `").append(c.command()).append("`\n\n");
        sb.append(String.format(Locale.ROOT, "| run | averaged over | n | HR@%1$d (replay) / Recall@%1$d (offline) | NDCG@%1$d | Coverage@%1$d | hits | dead letters | swipes/s |%n", k));
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f | %.4f | %.4f | %s | %s | %s |%n", r.run(), r.averagedOver(),
                    r.n(), r.hitRateOrRecall(), r.ndcg(), r.coverage(), r.hits() < 0 ? "—" : Long.toString(r.hits()),
                    r.deadLetters() < 0 ? "—" : Long.toString(r.deadLetters()),
                    Double.isNaN(r.swipesPerSecond()) ? "—" : String.format(Locale.ROOT, "%.0f", r.swipesPerSecond())));
        }
        sb.append('\n');
        sb.append("Replay rows: before each positive swipe is applied, is its movie in the user's current top-").append(k)
                .append(" (the last list the topology emitted on recommendations for that user, or, before the user's first")
                .append(" swipe, the REST answer from the trained vector)? HR = hits / positive swipes; NDCG = mean over positive")
                .append(" swipes of 1/log2(rank+2) for a hit, 0 otherwise; coverage = distinct movies in every list consulted")
                .append(" or emitted / movies in the model. Positive swipes on movies the model does not know are dead-lettered")
                .append(" and count as misses. Each rule runs on a fresh application id, state dir and topics against the same")
                .append(" published model.\n\n");
        sb.append("Offline rows: the trainer's evaluation of the same run (manifest.json), PROTOCOL.md: one top-").append(k)
                .append(" per user from the train data, scored against the user's whole validation slice, averaged over users")
                .append(" (Recall, not HR: the list does not move between the user's swipes)")
                .append(c.wholeSlice() ? "" : "; it covers the whole slice, the replay only its first swipes").append(".\n");
        return sb.toString();
    }

    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("run,kind,averaged_over,n,hr_or_recall,ndcg,coverage,hits,dead_letters,swipes_per_s\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%.6f,%.6f,%.6f,%s,%s,%s%n", r.run(), r.kind(), r.averagedOver(), r.n(),
                    r.hitRateOrRecall(), r.ndcg(), r.coverage(), r.hits() < 0 ? "" : Long.toString(r.hits()),
                    r.deadLetters() < 0 ? "" : Long.toString(r.deadLetters()),
                    Double.isNaN(r.swipesPerSecond()) ? "" : String.format(Locale.ROOT, "%.1f", r.swipesPerSecond())));
        }
        return sb.toString();
    }

    /** Writes {@link #MARKDOWN} and {@link #CSV} into dir; returns the markdown path. */
    public static Path write(Path dir, Context c, List<Row> rows) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CSV), csv(rows), StandardCharsets.UTF_8);
        Path md = dir.resolve(MARKDOWN);
        Files.writeString(md, markdown(c, rows), StandardCharsets.UTF_8);
        return md;
    }
}
