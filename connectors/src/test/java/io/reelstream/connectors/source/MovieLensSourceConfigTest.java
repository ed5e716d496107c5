package io.reelstream.connectors.source;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MovieLensSourceConfigTest {
    @TempDir
    Path dir;

    private Map<String, String> props(Path file) {
        Map<String, String> p = new HashMap<>();
        p.put(MovieLensSourceConfig.FILE_CONFIG, file.toString());
        return p;
    }

    @Test
    void defaultsAndLayoutFromName() throws Exception {
        Path file = Files.writeString(dir.resolve("u.data"), "1\t2\t3\t4\n");
        MovieLensSourceConfig config = new MovieLensSourceConfig(props(file));
        assertEquals(RatingsLayout.TAB, config.layout());
        assertEquals(ProtocolSlice.ALL, config.slice());
        assertEquals("swipes", config.topic());
        assertEquals("movielens-replay", config.sourceName());
        assertEquals(0.0, config.speedFactor());
        assertEquals(500, config.batchSize());
    }

    @Test
    void badValuesNameTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n");
        assertKeyNamed(MovieLensSourceConfig.FILE_CONFIG, props(dir.resolve("missing.csv")));
        Map<String, String> slice = props(file);
        slice.put(MovieLensSourceConfig.SLICE_CONFIG, "holdout");
        assertKeyNamed(MovieLensSourceConfig.SLICE_CONFIG, slice);
        Map<String, String> speed = props(file);
        speed.put(MovieLensSourceConfig.SPEED_FACTOR_CONFIG, "NaN");
        assertKeyNamed(MovieLensSourceConfig.SPEED_FACTOR_CONFIG, speed);
        Map<String, String> rate = props(file);
        rate.put(MovieLensSourceConfig.MAX_SWIPES_PER_SECOND_CONFIG, "-5");
        assertKeyNamed(MovieLensSourceConfig.MAX_SWIPES_PER_SECOND_CONFIG, rate);
        Map<String, String> batch = props(file);
        batch.put(MovieLensSourceConfig.BATCH_SIZE_CONFIG, "0");
        assertKeyNamed(MovieLensSourceConfig.BATCH_SIZE_CONFIG, batch);
        Path odd = Files.writeString(dir.resolve("ratings.txt"), "");
        assertKeyNamed(MovieLensSourceConfig.LAYOUT_CONFIG, props(odd));
        Map<String, String> explicit = props(odd);
        explicit.put(MovieLensSourceConfig.LAYOUT_CONFIG, "DAT");
        assertEquals(RatingsLayout.DAT, new MovieLensSourceConfig(explicit).layout());
    }

    @Test
    void connectorValidateFlagsAMissingFileOnTheFileKey() {
        Map<String, String> props = props(dir.resolve("nope/ratings.csv"));
        var file = new MovieLensSourceConnector().validate(props).configValues().stream()
                .filter(v -> v.name().equals(MovieLensSourceConfig.FILE_CONFIG)).findFirst().orElseThrow();
        assertEquals(1, file.errorMessages().size());
        assertTrue(file.errorMessages().get(0).contains("no readable file"), file.errorMessages().toString());
    }

    private static void assertKeyNamed(String key, Map<String, String> props) {
        ConfigException e = assertThrows(ConfigException.class, () -> new MovieLensSourceConfig(props));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
