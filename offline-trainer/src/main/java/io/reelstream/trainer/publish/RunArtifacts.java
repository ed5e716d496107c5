package io.reelstream.trainer.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.core.model.FactorFile;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.model.ItemNeighboursFile;
import io.reelstream.core.model.ModelRunLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything publish reads from one run directory (core {@link ModelRunLayout}).
 * Required: {@code item_factors.bin}, {@code items.tsv}. Optional, each noted in {@link #missing()}:
 * {@code popularity.tsv} (rank 0, score 0), {@code content_neighbours.tsv} (no neighbours),
 * {@code user_factors.bin} + {@code interactions.tsv} (no user seeds / empty histories),
 * {@code manifest.json} (no metrics).
 */
record RunArtifacts(
        Path runDir,
        String modelVersion,
        FactorMatrix itemFactors,
        Map<Integer, ItemMeta> items,
        Map<Integer, Popularity> popularity,
        Map<Integer, int[]> neighbours,
        FactorMatrix userFactors,
        FittedHistory history,
        SortedMap<String, Double> metrics,
        Long trainedAt,
        List<NeighbourList> itemNeighbours,
        String servingKind,
        SortedMap<String, String> servingSettings,
        String dataFingerprint,
        SortedMap<String, String> config,
        Long dataFrom,
        Long dataTo,
        List<String> missing) {

    record ItemMeta(String title, Integer year, List<String> genres) {}

    /** One movie's row of the item-to-item model: neighbour movieIds, strongest first, and their weights. */
    record NeighbourList(int movieId, int[] neighbours, float[] weights) {}

    /**
     * This run published as another kind and/or under another version name: as {@code als} it goes
     * out without its item-to-item rows, as {@code itemitem} or {@code blend} with them (a blend version
     * is both: the factors and the neighbour rows under one version, its weight in the marker's
     * settings); null keeps the run's own.
     */
    RunArtifacts as(String kind, String version) {
        String k = kind == null ? servingKind : kind;
        if (!k.equals("als") && itemNeighbours.isEmpty()) {
            throw new IllegalArgumentException(runDir + " has no " + ModelRunLayout.ITEM_NEIGHBOURS
                    + ": it cannot be published as a version of kind " + k + " (it needs the item-to-item rows)");
        }
        return new RunArtifacts(runDir, version == null ? modelVersion : version, itemFactors, items, popularity, neighbours,
                userFactors, history, metrics, trainedAt, k.equals("als") ? List.of() : itemNeighbours, k, servingSettings,
                dataFingerprint, config, dataFrom, dataTo, missing);
    }

    /** The manifest's serving section: {"serving": {"kind": "itemitem", "settings": {"recency.floor": "0.3", ...}}}. */
    static final String SERVING = "serving";

    record Popularity(double score, int rank) {}

    /** MovieLens' placeholder for a movie without genres: published as an empty list. */
    static final String NO_GENRES = "(no genres listed)";

    static RunArtifacts read(Path runDir) throws PublishException {
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new PublishException(runDir + " is a file, not a run directory; pass --run models/run_<UTC timestamp>");
        }
        if (!Files.isDirectory(runDir)) {
            throw new PublishException("run directory " + runDir + " does not exist; pass --run DIR or train first"
                    + " ('train' writes models/run_<UTC timestamp>/ and models/LATEST)");
        }
        List<String> missing = new ArrayList<>();
        FactorMatrix itemFactors = readFactors(runDir.resolve(ModelRunLayout.ITEM_FACTORS), true, missing);
        Path itemsFile = runDir.resolve(ModelRunLayout.ITEMS);
        if (!Files.isRegularFile(itemsFile)) {
            throw new PublishException(itemsFile + " is missing: the run in " + runDir + " is incomplete; re-run 'train'");
        }
        Map<Integer, ItemMeta> items = readItems(itemsFile);
        Map<Integer, Popularity> popularity = optional(runDir.resolve(ModelRunLayout.POPULARITY), missing)
                ? readPopularity(runDir.resolve(ModelRunLayout.POPULARITY)) : Map.of();
        Map<Integer, int[]> neighbours = optional(runDir.resolve(ModelRunLayout.CONTENT_NEIGHBOURS), missing)
                ? readNeighbours(runDir.resolve(ModelRunLayout.CONTENT_NEIGHBOURS)) : Map.of();
        FactorMatrix userFactors = readFactors(runDir.resolve(ModelRunLayout.USER_FACTORS), false, missing);
        if (userFactors != null && userFactors.k() != itemFactors.k()) {
            throw new PublishException(runDir.resolve(ModelRunLayout.USER_FACTORS) + " has k=" + userFactors.k()
                    + " but " + ModelRunLayout.ITEM_FACTORS + " has k=" + itemFactors.k() + "; the run is inconsistent, re-run 'train'");
        }
        FittedHistory history = optional(runDir.resolve(ModelRunLayout.INTERACTIONS), missing)
                ? FittedHistory.read(runDir.resolve(ModelRunLayout.INTERACTIONS)) : FittedHistory.empty();
        SortedMap<String, Double> metrics = new TreeMap<>();
        SortedMap<String, String> servingSettings = new TreeMap<>();
        String servingKind = "als";
        String fingerprint = "";
        SortedMap<String, String> config = new TreeMap<>();
        Long dataFrom = null;
        Long dataTo = null;
        Long trainedAt = null;
        Path manifest = runDir.resolve(ModelRunLayout.MANIFEST);
        if (optional(manifest, missing)) {
            JsonNode root = readJson(manifest);
            markerFacts(root, metrics);
            trainedAt = trainedAt(root);
            JsonNode serving = root.path(SERVING);
            if (serving.hasNonNull("kind")) servingKind = serving.get("kind").asText();
            serving.path("settings").fields().forEachRemaining(e -> servingSettings.put(e.getKey(), e.getValue().asText()));
            fingerprint = root.path("data").path("fingerprint").asText("");
            root.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            JsonNode profile = root.path("dataProfile");
            profile.fields().forEachRemaining(e -> {
                if (e.getKey().startsWith("preference.") && e.getValue().isNumber()) {
                    metrics.put("data." + e.getKey(), e.getValue().doubleValue()); // the drift check's reference mix
                }
            });
            if (profile.path("fromMs").isNumber()) dataFrom = profile.path("fromMs").longValue();
            if (profile.path("toMs").isNumber()) dataTo = profile.path("toMs").longValue();
        }
        List<NeighbourList> itemNeighbours = List.of();
        Path neighboursFile = runDir.resolve(ModelRunLayout.ITEM_NEIGHBOURS);
        if (Files.isRegularFile(neighboursFile)) {
            itemNeighbours = readItemNeighbours(neighboursFile);
        } else if (!servingKind.equals("als")) {
            throw new PublishException(neighboursFile + " is missing but the run's serving kind is " + servingKind
                    + "; re-run 'train' (itemitem.enabled=true)");
        }
        String modelVersion = runDir.toAbsolutePath().normalize().getFileName().toString();
        if (trainedAt == null) trainedAt = timeFromRunName(modelVersion);
        return new RunArtifacts(runDir, modelVersion, itemFactors, items, popularity, neighbours, userFactors,
                history, metrics, trainedAt, itemNeighbours, servingKind, servingSettings, fingerprint, config,
                dataFrom, dataTo, List.copyOf(missing));
    }

    /** The item-to-item rows of item_neighbours.bin (core ItemNeighboursFile), with movie ids. */
    private static List<NeighbourList> readItemNeighbours(Path file) throws PublishException {
        ItemNeighboursFile.Contents c;
        try {
            c = ItemNeighboursFile.read(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new PublishException("cannot read " + file + ": " + e.getMessage() + "; re-run 'train'", e);
        }
        ItemNeighbours nb = c.neighbours();
        List<NeighbourList> out = new ArrayList<>(nb.rows());
        for (int row = 0; row < nb.rows(); row++) {
            int[] ids = new int[nb.count(row)];
            float[] weights = new float[ids.length];
            for (int e = nb.start(row); e < nb.end(row); e++) {
                ids[e - nb.start(row)] = c.ids()[nb.neighbour(e)];
                weights[e - nb.start(row)] = nb.weight(e);
            }
            out.add(new NeighbourList(c.ids()[row], ids, weights));
        }
        return out;
    }

    private static boolean optional(Path file, List<String> missing) {
        if (Files.isRegularFile(file)) return true;
        missing.add(file.getFileName().toString());
        return false;
    }

    private static FactorMatrix readFactors(Path file, boolean required, List<String> missing) throws PublishException {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new PublishException(file + " is missing: the run in " + file.getParent()
                        + " is incomplete; re-run 'train'");
            }
            missing.add(file.getFileName().toString());
            return null;
        }
        try {
            return FactorFile.read(file);
        } catch (IOException e) {
            throw new PublishException("cannot read factors " + file + ": " + e.getMessage(), e);
        }
    }

    /** items.tsv: movieId, title, year (may be empty), genres pipe-joined. */
    private static Map<Integer, ItemMeta> readItems(Path file) throws PublishException {
        Map<Integer, ItemMeta> out = new HashMap<>();
        TsvFile.forEachRow(file, 4, (f, line) -> {
            int movieId = TsvFile.parseInt(f[0], file, line, "movieId");
            String year = f[2].trim();
            Integer y = year.isEmpty() ? null : TsvFile.parseInt(year, file, line, "year");
            List<String> genres = f[3].isEmpty() || f[3].equals(NO_GENRES) ? List.of() : List.of(f[3].split("\\|"));
            out.put(movieId, new ItemMeta(f[1], y, genres));
        });
        return out;
    }

    /** popularity.tsv: movieId, score, count, mean, best first: rank = position, 1-based. */
    private static Map<Integer, Popularity> readPopularity(Path file) throws PublishException {
        Map<Integer, Popularity> out = new HashMap<>();
        TsvFile.forEachRow(file, 2, (f, line) -> {
            int movieId = TsvFile.parseInt(f[0], file, line, "movieId");
            double score = TsvFile.parseDouble(f[1], file, line, "score");
            out.putIfAbsent(movieId, new Popularity(score, out.size() + 1));
        });
        return out;
    }

    /** content_neighbours.tsv: movieId, neighbourId, similarity, best first per movie. */
    private static Map<Integer, int[]> readNeighbours(Path file) throws PublishException {
        Map<Integer, int[]> out = new HashMap<>();
        Map<Integer, Integer> sizes = new HashMap<>();
        TsvFile.forEachRow(file, 2, (f, line) -> {
            int movieId = TsvFile.parseInt(f[0], file, line, "movieId");
            int neighbour = TsvFile.parseInt(f[1], file, line, "neighbourId");
            int[] list = out.computeIfAbsent(movieId, m -> new int[4]);
            int n = sizes.merge(movieId, 1, Integer::sum);
            if (n > list.length) out.put(movieId, list = Arrays.copyOf(list, list.length * 2));
            list[n - 1] = neighbour;
        });
        out.replaceAll((movieId, list) -> Arrays.copyOf(list, sizes.get(movieId)));
        return out;
    }

    private static JsonNode readJson(Path file) throws PublishException {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new PublishException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Config key of the ALS regularization mode (constant | frequency), as the trainer writes it. */
    static final String ALS_REGULARIZATION_CONFIG = "als.regularization";
    /** Legacy marker key: 1 = λ scaled by the user's count (ALS-WR), 0 = any other mode. */
    static final String ALS_FREQUENCY_REGULARIZATION = "als.frequency.regularization";
    /**
     * One-hot marker key of the regularization mode, {@code als.regularization.<mode>} = 1 (constant,
     * frequency or relative): the topology's fold-in reads it so a streamed user is solved with the
     * trainer's exact λ_u (core AlsParams.lambdaFor).
     */
    static final String ALS_REGULARIZATION_MODE_PREFIX = "als.regularization.";

    /**
     * The numeric facts of the model for the marker's metrics map, from the trainer's manifest:
     * <ul>
     *   <li>every numeric config value under its config key ({@code als.lambda}, {@code als.alpha},
     *       {@code als.factors}, ...), plus {@code als.frequency.regularization} = 1 or 0 from
     *       {@code als.regularization}, so the topology's fold-in uses the trainer's equation;</li>
     *   <li>offline metrics {@code metrics.models.<model>.<metric>} as {@code <model>.<metric>}
     *       ({@code als.ndcg}, {@code popularity.recall}, ...); other numbers under {@code metrics}
     *       (the evaluation context) as {@code eval.<name>}.</li>
     * </ul>
     */
    static void markerFacts(JsonNode manifest, Map<String, Double> out) {
        JsonNode config = manifest.path("config");
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNumber()) {
                out.put(e.getKey(), v.doubleValue());
            } else if (v.isTextual()) {
                try {
                    out.put(e.getKey(), Double.parseDouble(v.textValue().trim()));
                } catch (NumberFormatException notANumber) {
                    // paths, modes and flags are not numeric facts
                }
            }
        }
        JsonNode regularization = config.path(ALS_REGULARIZATION_CONFIG);
        if (regularization.isTextual()) {
            String mode = regularization.textValue().trim().toLowerCase(java.util.Locale.ROOT);
            out.put(ALS_FREQUENCY_REGULARIZATION, "frequency".equals(mode) ? 1.0 : 0.0);
            out.put(ALS_REGULARIZATION_MODE_PREFIX + mode, 1.0);
        }
        // the split the figures were measured on, as numbers the registry's gate can compare
        JsonNode finalSplit = config.path("split.final");
        if (finalSplit.isBoolean() || finalSplit.isTextual()) {
            out.put("eval.final", Boolean.parseBoolean(finalSplit.asText()) ? 1.0 : 0.0);
        }
        JsonNode metrics = manifest.path("metrics");
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("models")) flattenNumbers("", e.getValue(), out);
            else flattenNumbers("eval." + e.getKey(), e.getValue(), out);
        }
    }

    /** Numeric leaves of {@code node} as dotted keys: {"als":{"ndcg@10":0.3}} → als.ndcg@10 = 0.3. */
    static void flattenNumbers(String prefix, JsonNode node, Map<String, Double> out) {
        if (node.isNumber()) {
            out.put(prefix, node.doubleValue());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flattenNumbers(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        }
    }

    /** The first of trainedAt / createdAt / finishedAt / startedAt, as epoch ms or ISO-8601. */
    static Long trainedAt(JsonNode manifest) {
        for (String field : List.of("trainedAt", "createdAt", "finishedAt", "startedAt")) {
            JsonNode v = manifest.path(field);
            if (v.isNumber()) return v.longValue();
            if (v.isTextual()) {
                try {
                    return Instant.parse(v.textValue()).toEpochMilli();
                } catch (DateTimeParseException ignored) {
                    // try the next field
                }
            }
        }
        return null;
    }

    private static final List<DateTimeFormatter> RUN_NAME_FORMATS = List.of(
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"),
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'"),
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'"));

    /** run_20261123T101500Z → its instant; null when the name has another shape. */
    static Long timeFromRunName(String name) {
        if (!name.startsWith(ModelRunLayout.RUN_PREFIX)) return null;
        String ts = name.substring(ModelRunLayout.RUN_PREFIX.length());
        for (DateTimeFormatter format : RUN_NAME_FORMATS) {
            try {
                return LocalDateTime.parse(ts, format).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException ignored) {
                // try the next shape
            }
        }
        return null;
    }
}
