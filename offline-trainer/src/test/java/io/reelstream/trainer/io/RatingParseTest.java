package io.reelstream.trainer.io;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The ratings reader's fast decimal parse gives Float.parseFloat's float, bit for bit, and refuses what it refuses. */
class RatingParseTest {
    @Test
    void fastPathMatchesFloatParseFloatOnEveryShortDecimal() {
        for (int m = 0; m <= 9_999; m++) { // every decimal of up to 4 digits, the point anywhere
            String digits = Integer.toString(m);
            for (int point = 0; point <= digits.length(); point++) {
                String token = digits.substring(0, point) + "." + digits.substring(point);
                assertSame(token);
            }
            assertSame(digits);
        }
        SplittableRandom rnd = new SplittableRandom(1);
        for (int t = 0; t < 50_000; t++) { // longer ones, up to 9 digits: past the fast path's 7
            String digits = Long.toString(rnd.nextLong(1, 1_000_000_000L));
            int point = rnd.nextInt(digits.length() + 1);
            assertSame(digits.substring(0, point) + "." + digits.substring(point));
        }
        for (String token : new String[] {"0.5", "5.0", "3.5", "003.50", "4.", ".5", "+4.5", "-1.5"}) assertSame(token);
    }

    @Test
    void nonDecimalsAreNotRatings() {
        for (String token : new String[] {"NaN", "Infinity", "1f", "1e0", "4.5e-1", "4.5.1", ".", "", "four", "0x1p2"}) {
            String line = "1,2," + token + ",3";
            assertThrows(NumberFormatException.class, () -> RatingsFileReader.parseRating(line, 4, 4 + token.length()), token);
        }
    }

    private static void assertSame(String token) {
        String line = "12,34," + token + ",999";
        float fast = RatingsFileReader.parseRating(line, 6, 6 + token.length());
        assertEquals(Float.floatToIntBits(Float.parseFloat(token)), Float.floatToIntBits(fast), token);
    }
}
