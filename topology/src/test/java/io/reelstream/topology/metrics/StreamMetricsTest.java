package io.reelstream.topology.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamMetricsTest {
    @Test
    void histogramBucketsAreCumulativeAndQuantilesUseBucketBounds() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 98; i++) h.recordNanos(80_000);   // 80 µs → le=0.0001
        h.recordNanos(3_000_000);                              // 3 ms → le=0.005
        h.recordNanos(2_000_000_000L);                         // 2 s → +Inf
        assertEquals(0.0001, h.quantileUpperBound(0.5));
        assertEquals(0.005, h.quantileUpperBound(0.99));
        assertEquals(Double.POSITIVE_INFINITY, h.quantileUpperBound(1.0));
        StringBuilder out = new StringBuilder();
        h.render(out, "x_seconds", "test");
        String text = out.toString();
        assertTrue(text.contains("x_seconds_bucket{le=\"1.0E-4\"} 98\n"), text);
        assertTrue(text.contains("x_seconds_bucket{le=\"0.005\"} 99\n"), text);
        assertTrue(text.contains("x_seconds_bucket{le=\"+Inf\"} 100\n"), text);
        assertTrue(text.contains("x_seconds_count 100\n"), text);
    }

    @Test
    void prometheusTextCountsSwipesAndDeadLettersByReason() {
        StreamMetrics m = new StreamMetrics();
        m.swipeProcessed(1_000);
        m.swipeProcessed(1_000);
        m.deadLetter(StreamMetrics.DeadLetterReason.UNKNOWN_MOVIE);
        m.recommendationEmitted("vector");
        String text = m.renderPrometheus();
        assertTrue(text.contains("reelstream_swipes_processed_total 2\n"), text);
        assertTrue(text.contains("reelstream_dead_letters_total{reason=\"unknown_movie\"} 1\n"), text);
        assertTrue(text.contains("reelstream_dead_letters_total{reason=\"deserialization\"} 0\n"), text);
        assertTrue(text.contains("reelstream_recommendations_by_strategy_total{strategy=\"vector\"} 1\n"), text);
        assertEquals(1, m.deadLetters());
    }
}
