package io.reelstream.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelKindTest {
    @Test
    void theBlendNeedsBothTheVectorAndTheNeighbourLists() {
        assertEquals(ModelKind.BLEND, ModelKind.parse(" Blend "));
        assertEquals("blend", ModelKind.BLEND.wireName());
        assertTrue(ModelKind.BLEND.usesVector() && ModelKind.BLEND.usesNeighbours());
        assertTrue(ModelKind.ALS.usesVector() && !ModelKind.ALS.usesNeighbours());
        assertFalse(ModelKind.ITEMITEM.usesVector());
        assertTrue(ModelKind.ITEMITEM.usesNeighbours());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelKind.parse("mix"));
        assertEquals("model kind 'mix' is not one of als, itemitem, blend", e.getMessage());
    }
}
