package io.reelstream.connectors.source;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Every key of the MovieLens replay source, with type, default, validator and description. */
public final class MovieLensSourceConfig extends AbstractConfig {
    public static final String FILE_CONFIG = "file";
    public static final String LAYOUT_CONFIG = "layout";
    public static final String DEFAULT_LAYOUT = "auto";
    public static final String SLICE_CONFIG = "slice";
    public static final String DEFAULT_SLICE = "all";
    public static final String TOPIC_CONFIG = "topic";
    public static final String DEFAULT_TOPIC = "swipes";
    public static final String SPEED_FACTOR_CONFIG = "speed.factor";
    public static final double DEFAULT_SPEED_FACTOR = 0.0;
    public static final String MAX_SWIPES_PER_SECOND_CONFIG = "max.swipes.per.second";
    public static final double DEFAULT_MAX_SWIPES_PER_SECOND = 0.0;
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final String SOURCE_NAME_CONFIG = "source.name";
    public static final String DEFAULT_SOURCE_NAME = "movielens-replay";

    /** A finite number >= 0 (ConfigDef.Range lets NaN through: NaN < 0 is false). */
    static final ConfigDef.Validator FINITE_NON_NEGATIVE = (name, value) -> {
        double v = ((Number) value).doubleValue();
        if (!Double.isFinite(v) || v < 0) {
            throw new ConfigException(name, value, "must be a finite number >= 0 (0 turns it off)");
        }
    };

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(FILE_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Path of the MovieLens ratings file on the worker: ratings.csv "
                            + "(ml-latest, ml-20m/25m/32m), ratings.dat (ml-1m, ml-10m) or u.data (ml-100k). "
                            + "The whole file is read into memory at start (about 17 bytes a rating) because the "
                            + "replay is in timestamp order and the slice needs each user's full history.")
            .define(LAYOUT_CONFIG, Type.STRING, DEFAULT_LAYOUT,
                    ConfigDef.CaseInsensitiveValidString.in("auto", "csv", "dat", "tab"),
                    Importance.LOW, "Line layout: csv (userId,movieId,rating,timestamp with header), dat "
                            + "(::-separated), tab (u.data), or auto to tell it from the file name.")
            .define(SLICE_CONFIG, Type.STRING, DEFAULT_SLICE,
                    ConfigDef.CaseInsensitiveValidString.in("all", "train", "validation", "test"),
                    Importance.MEDIUM, "Replay only one slice of the PROTOCOL split (per user, ratings sorted "
                            + "by (timestamp, movieId): train = first floor(0.8n), validation = next "
                            + "floor(0.9n)-floor(0.8n), test = the rest), or all.")
            .define(TOPIC_CONFIG, Type.STRING, DEFAULT_TOPIC, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Topic the swipes go to (key userId as a 4-byte int, value a Swipe "
                            + "in the schemas module's Avro wire format).")
            .define(SPEED_FACTOR_CONFIG, Type.DOUBLE, DEFAULT_SPEED_FACTOR, FINITE_NON_NEGATIVE,
                    Importance.MEDIUM, "Event-time speed-up: 3600 replays an hour of MovieLens time in a second. "
                            + "0 = no event-time pacing.")
            .define(MAX_SWIPES_PER_SECOND_CONFIG, Type.DOUBLE, DEFAULT_MAX_SWIPES_PER_SECOND,
                    FINITE_NON_NEGATIVE, Importance.MEDIUM,
                    "Upper bound on the replay rate in swipes per second. 0 = unlimited.")
            .define(BATCH_SIZE_CONFIG, Type.INT, DEFAULT_BATCH_SIZE, ConfigDef.Range.between(1, 100_000),
                    Importance.LOW, "Most swipes returned by one poll() (with exactly-once support, one "
                            + "transaction by default).")
            .define(SOURCE_NAME_CONFIG, Type.STRING, DEFAULT_SOURCE_NAME, new ConfigDef.NonEmptyString(),
                    Importance.LOW, "Value of the Swipe 'source' field.");

    private final Path file;
    private final RatingsLayout layout;
    private final ProtocolSlice slice;

    public MovieLensSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        this.file = Path.of(getString(FILE_CONFIG)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(FILE_CONFIG, getString(FILE_CONFIG),
                    "no readable file at " + file + " on this worker; point '" + FILE_CONFIG
                            + "' at a ratings.csv, ratings.dat or u.data the worker can read");
        }
        String layoutName = getString(LAYOUT_CONFIG).toLowerCase(Locale.ROOT);
        if (layoutName.equals("auto")) {
            try {
                this.layout = RatingsLayout.fromFileName(file);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(LAYOUT_CONFIG, layoutName, e.getMessage());
            }
        } else {
            this.layout = RatingsLayout.valueOf(layoutName.toUpperCase(Locale.ROOT));
        }
        this.slice = ProtocolSlice.fromConfig(getString(SLICE_CONFIG));
    }

    public Path file() {
        return file;
    }

    public RatingsLayout layout() {
        return layout;
    }

    public ProtocolSlice slice() {
        return slice;
    }

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    public double speedFactor() {
        return getDouble(SPEED_FACTOR_CONFIG);
    }

    public double maxSwipesPerSecond() {
        return getDouble(MAX_SWIPES_PER_SECOND_CONFIG);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE_CONFIG);
    }

    public String sourceName() {
        return getString(SOURCE_NAME_CONFIG);
    }
}
