package io.reelstream.trainer.tune;

import io.reelstream.trainer.config.ConfigException;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.io.BadInputException;
import io.reelstream.trainer.tune.search.Domain;
import io.reelstream.trainer.tune.search.Param;
import io.reelstream.trainer.tune.search.SearchSpace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where search spaces come from (the bundled default or a file) and the check that ties a space
 * to the trainer's config: every key must be a config key that a trial may change, and every value
 * of every domain must be a value that key accepts — so a bad space fails before the data is read,
 * naming the line, not after an hour as a run of failed trials.
 */
public final class TuneSpaces {
    /** The default space's resource (offline-trainer/src/main/resources). */
    public static final String DEFAULT_RESOURCE = "tune-space.default.properties";

    /**
     * Keys a trial may not change: they decide the data, the split or the metric every trial is
     * compared on, or only where and how fast things run.
     */
    static final Set<String> FIXED_KEYS = Set.of(TrainerConfig.DATA_DIR_CONFIG, TrainerConfig.MODELS_DIR_CONFIG,
            TrainerConfig.SKIP_BAD_LINES_CONFIG, TrainerConfig.SPLIT_MODE_CONFIG, TrainerConfig.SPLIT_FINAL_CONFIG,
            TrainerConfig.CORE_FILTER_CONFIG, TrainerConfig.CORE_MIN_USER_CONFIG, TrainerConfig.CORE_MIN_ITEM_CONFIG,
            TrainerConfig.EVAL_ENABLED_CONFIG, TrainerConfig.EVAL_K_CONFIG, TrainerConfig.EVAL_MAX_USERS_CONFIG,
            TrainerConfig.EVAL_SEED_CONFIG, TrainerConfig.THREADS_CONFIG, TrainerConfig.RUNS_STORE_CONFIG,
            TrainerConfig.ALS_COMPUTE_LOSS_CONFIG);

    private TuneSpaces() {}

    /** The bundled default space's text. */
    public static String defaultText() {
        try (InputStream in = TuneSpaces.class.getResourceAsStream("/" + DEFAULT_RESOURCE)) {
            if (in == null) throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the trainer's jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The space in file (null: the default), checked against the base config. */
    public static SearchSpace load(Path file, TrainerConfig base) {
        String text;
        String source;
        if (file == null) {
            text = defaultText();
            source = DEFAULT_RESOURCE;
        } else {
            if (!Files.isRegularFile(file)) throw new BadInputException("tune space " + file + " does not exist; pass --space with a space file");
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException("cannot read tune space " + file + ": " + e.getMessage(), e);
            }
            source = file.toString();
        }
        SearchSpace space;
        try {
            space = SearchSpace.parse(text, source);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        check(space, base, source);
        return space;
    }

    /** Every key known and searchable, every domain value accepted by its key; fails naming source:line. */
    public static void check(SearchSpace space, TrainerConfig base, String source) {
        List<String> known = TrainerConfig.KEYS.stream().map(TrainerConfig.Key::name).toList();
        for (Param p : space.params()) {
            String at = source + ":" + p.line() + ": ";
            if (!known.contains(p.key())) {
                throw new BadInputException(at + "unknown config key '" + p.key() + "'; a space searches trainer config keys ("
                        + String.join(", ", known.stream().filter(k -> !FIXED_KEYS.contains(k)).toList()) + ")");
            }
            if (FIXED_KEYS.contains(p.key())) {
                throw new BadInputException(at + p.key() + " cannot be searched: it decides the data, the split, the metric or"
                        + " where things run, which every trial must share; set it with --set " + p.key() + "=VALUE");
            }
            List<String> probes = new ArrayList<>();
            for (Object v : probeValues(p.domain())) probes.add(p.domain().format(v));
            if (p.domain() instanceof Domain.FloatRange f && f.hi() > f.lo()) {
                probes.add(Double.toString(f.lo() + 0.3719 * (f.hi() - f.lo()))); // a fraction: an integer key must refuse it
            }
            for (String value : probes) {
                try {
                    base.with(p.key(), value);
                } catch (ConfigException | IllegalArgumentException e) {
                    throw new BadInputException(at + p.key() + " = " + p.domain().describe() + " is outside what the key accepts: "
                            + e.getMessage());
                }
            }
            if (p.key().equals(TrainerConfig.TUNE_MODEL_CONFIG) && p.domain() instanceof Domain.Choice choice) {
                for (String kind : choice.values()) {
                    try {
                        ModelKinds.get(kind);
                    } catch (BadInputException e) {
                        throw new BadInputException(at + e.getMessage());
                    }
                }
            }
        }
    }

    /** The ends, an interior point and the grid of a range; every choice. */
    private static List<Object> probeValues(Domain d) {
        List<Object> out = new ArrayList<>(d.grid(3));
        if (d instanceof Domain.Numeric n) {
            out.add(n.fromInternal(n.tLow()));
            out.add(n.fromInternal(n.tHigh()));
        }
        return out;
    }
}
