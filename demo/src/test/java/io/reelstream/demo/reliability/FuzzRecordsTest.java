package io.reelstream.demo.reliability;

import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.demo.stack.DataLocator;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fuzz plan has what the issue asks for, and each malformed kind is malformed the way its code says. */
class FuzzRecordsTest {
    private static ReplaySlice slice;
    private static Set<Integer> movies;

    @BeforeAll
    static void load() {
        slice = ReplaySlice.load(DataLocator.bundled(), "validation", 2000);
        movies = new HashSet<>();
        for (int i = 0; i < slice.size(); i++) if (i % 7 != 0) movies.add(slice.movieId(i)); // some movies unknown
    }

    @Test
    void thePlanMixesAtLeastTheAskedMalformedRecordsOfEveryKindIntoTheGoodOnes() {
        List<FuzzRecords.Planned> plan = FuzzRecords.plan(slice, movies, 10_000, 3);
        Map<FuzzRecords.Kind, Long> kinds = FuzzRecords.kinds(plan);
        long bad = plan.stream().filter(p -> !p.kind().good()).count();
        assertEquals(10_000, bad);
        for (FuzzRecords.Kind k : FuzzRecords.Kind.values()) assertTrue(kinds.getOrDefault(k, 0L) > 0, k + " is in the plan");
        long goodOnUnknownMovie = plan.stream().filter(p -> p.kind() == FuzzRecords.Kind.GOOD)
                .map(p -> AvroSerdes.serde(Swipe.class).deserializer().deserialize("swipes", p.value()))
                .filter(s -> !movies.contains(s.getMovieId())).count();
        assertEquals(0, goodOnUnknownMovie, "good records are on movies the model knows");
        assertEquals(FuzzRecords.plan(slice, movies, 10_000, 3).size(), plan.size(), "deterministic for a seed");
    }

    @Test
    void everyDeserializationKindFailsToDecodeAndTheOthersDecode() {
        Deserializer<Swipe> swipes = AvroSerdes.serde(Swipe.class).deserializer();
        List<Swipe> recent = List.of(slice.swipe(0), slice.swipe(1));
        int[] ids = movies.stream().mapToInt(Integer::intValue).toArray();
        for (FuzzRecords.Kind k : FuzzRecords.Kind.values()) {
            if (k.good()) continue;
            for (int n = 0; n < 50; n++) {
                FuzzRecords.Planned p = FuzzRecords.badRecord(k, n, recent, ids, new Random(n));
                if (k == FuzzRecords.Kind.NULL_VALUE) {
                    assertEquals(null, p.value());
                } else if (k.code.equals("deserialization")) {
                    assertThrows(SerializationException.class, () -> swipes.deserialize("swipes", p.value()), k + " #" + n);
                } else {
                    assertNotNull(swipes.deserialize("swipes", p.value()), k + " decodes: its fault is elsewhere");
                }
            }
        }
    }
}
