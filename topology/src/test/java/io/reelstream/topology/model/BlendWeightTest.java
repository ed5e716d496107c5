package io.reelstream.topology.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.model.ModelKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlendWeightTest {
    @Test
    void aBlendMarkerCarriesItsWeightAndOtherKindsHaveNone() {
        assertEquals(0.25f, BlendWeight.of(ModelKind.BLEND, Map.of("blend.weight", " 0.25 ")));
        assertEquals(BlendWeight.FALLBACK, BlendWeight.of(ModelKind.BLEND, Map.of()), "the trainer's default when absent");
        assertTrue(Float.isNaN(BlendWeight.of(ModelKind.ITEMITEM, Map.of("blend.weight", "7"))), "only a blend reads it");
    }

    @Test
    void aWeightOutsideZeroToOneOrNotANumberIsOneLineNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlendWeight.of(ModelKind.BLEND, Map.of("blend.weight", "1.5")));
        assertEquals("blend.weight = '1.5' in the marker: blend weight must be in [0, 1] (0 = item-to-item only, 1 = ALS only),"
                + " got 1.5; republish with a weight in [0, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BlendWeight.of(ModelKind.BLEND, Map.of("blend.weight", "half")));
        assertEquals("blend.weight = 'half' in the marker is not a number; republish with a weight in [0, 1]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BlendWeight.of(ModelKind.BLEND, Map.of("blend.weight", "NaN")));
    }
}
