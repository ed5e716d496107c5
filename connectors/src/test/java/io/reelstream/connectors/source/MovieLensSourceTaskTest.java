package io.reelstream.connectors.source;

import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task without a worker: records, offsets, resume and the changed-file check. */
class MovieLensSourceTaskTest {
    @TempDir
    Path dir;

    private static SourceTaskContext contextWith(Map<String, Object> storedOffset) {
        OffsetStorageReader reader = new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return storedOffset;
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                throw new UnsupportedOperationException();
            }
        };
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return reader;
            }

            @Override
            public PluginMetrics pluginMetrics() {
                throw new UnsupportedOperationException("the task does not register metrics");
            }
        };
    }

    private Path ratings() throws Exception {
        return Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n"
                + "1,10,4.5,300\n2,20,1.0,100\n1,11,3.0,200\n2,21,2.0,300\n");
    }

    private List<SourceRecord> drain(MovieLensSourceTask task) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        List<SourceRecord> batch;
        while ((batch = task.poll()) != null) out.addAll(batch);
        return out;
    }

    @Test
    void emitsSwipesInReplayOrderWithPositionOffsets() throws Exception {
        MovieLensSourceTask task = new MovieLensSourceTask();
        task.initialize(contextWith(null));
        Map<String, String> props = new HashMap<>(Map.of(MovieLensSourceConfig.FILE_CONFIG, ratings().toString(),
                MovieLensSourceConfig.BATCH_SIZE_CONFIG, "3"));
        task.start(props);
        List<SourceRecord> records = drain(task);
        task.stop();
        assertEquals(4, records.size());
        var valueSerde = AvroSerdes.serde(Swipe.class).deserializer();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            SourceRecord r = records.get(i);
            Swipe swipe = valueSerde.deserialize("swipes", (byte[]) r.value());
            assertEquals(swipe.getUserId(), new IntegerDeserializer().deserialize("swipes", (byte[]) r.key()));
            assertEquals("swipes", r.topic());
            assertEquals((long) i, r.sourceOffset().get("position"));
            assertEquals(swipe.getEventId(), r.sourceOffset().get("eventId"));
            assertEquals(ratings().toAbsolutePath().toString(), r.sourcePartition().get("file"));
            ids.add(swipe.getEventId());
        }
        assertEquals(List.of("ml:2:20:100", "ml:1:11:200", "ml:1:10:300", "ml:2:21:300"), ids);
        Swipe superlike = valueSerde.deserialize("swipes", (byte[]) records.get(2).value());
        assertEquals(2, superlike.getPreference());
        assertEquals(4, superlike.getBucket());
        assertEquals(300_000L, superlike.getEventTime());
    }

    @Test
    void resumesAfterTheStoredPosition() throws Exception {
        MovieLensSourceTask task = new MovieLensSourceTask();
        task.initialize(contextWith(Map.of("position", 1L, "eventId", "ml:1:11:200")));
        task.start(Map.of(MovieLensSourceConfig.FILE_CONFIG, ratings().toString()));
        List<SourceRecord> records = drain(task);
        assertEquals(2, records.size());
        assertEquals(2L, records.get(0).sourceOffset().get("position"));
        task.stop();
        assertNull(task.poll(), "a finished replay idles");
    }

    @Test
    void refusesAnOffsetThatNoLongerMatchesTheFile() throws Exception {
        MovieLensSourceTask task = new MovieLensSourceTask();
        task.initialize(contextWith(Map.of("position", 1L, "eventId", "ml:9:99:999")));
        ConnectException e = assertThrows(ConnectException.class,
                () -> task.start(Map.of(MovieLensSourceConfig.FILE_CONFIG, ratings().toString())));
        assertTrue(e.getMessage().contains("file changed"), e.getMessage());
    }
}
