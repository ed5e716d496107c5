package io.reelstream.core.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PreferenceTest {

    @Test
    void ratingsMapToProtocolBucketsAtEveryBoundary() {
        assertEquals(1, Preference.bucket(0.5));
        assertEquals(1, Preference.bucket(1.999));
        assertEquals(2, Preference.bucket(2.0));
        assertEquals(2, Preference.bucket(2.5));
        assertEquals(3, Preference.bucket(3.0));
        assertEquals(3, Preference.bucket(3.5));
        assertEquals(4, Preference.bucket(4.0));
        assertEquals(4, Preference.bucket(5.0));
    }

    @Test
    void bucketsMapToPreferencesAndBack() {
        int[] expected = {-2, -1, 1, 2};
        for (int bucket = 1; bucket <= 4; bucket++) {
            int preference = Preference.fromBucket(bucket);
            assertEquals(expected[bucket - 1], preference);
            assertEquals(bucket, Preference.toBucket(preference));
            assertTrue(Preference.isValidPreference(preference));
        }
        assertFalse(Preference.isValidPreference(0));
        assertFalse(Preference.isValidPreference(3));
    }

    @Test
    void dislikesAreConfidentZeros() {
        assertEquals(0f, Preference.target(-1));
        assertEquals(0f, Preference.target(-2));
        assertEquals(1f, Preference.target(1));
        assertEquals(1f, Preference.target(2));
        assertEquals(31f, Preference.confidence(-2, 15f)); // 1 + 15·|−2|
        assertEquals(16f, Preference.confidence(1, 15f));
        assertEquals(31f, Preference.confidence(2, 15f));
    }

    @Test
    void badInputIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preference.bucket(Double.NaN));
        assertTrue(e.getMessage().contains("NaN"));
        assertThrows(IllegalArgumentException.class, () -> Preference.bucket(-0.5));
        assertThrows(IllegalArgumentException.class, () -> Preference.fromBucket(5));
        assertThrows(IllegalArgumentException.class, () -> Preference.toBucket(0));
    }

    @Test
    void decayedConfidenceScalesThePlainOneByTheRecencyWeight() {
        for (int p : new int[] {-2, -1, 1, 2}) {
            assertEquals(Preference.confidence(p, 15f), Preference.confidence(p, 15f, 1f), 0f);
            assertEquals(0f, Preference.confidence(p, 15f, 0f), 0f);
        }
        assertEquals(0.5f * (1f + 15f * 2), Preference.confidence(2, 15f, 0.5f), 1e-6f);
        assertEquals(1.6f, Preference.confidence(1, 15f, 0.1f), 1e-6f); // the shipped floor keeps c >= 1
    }
}
