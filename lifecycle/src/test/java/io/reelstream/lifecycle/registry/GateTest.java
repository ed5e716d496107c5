package io.reelstream.lifecycle.registry;

import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.registry.RegistryEntries;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GateTest {
    private static ModelRegistryEntry version(String v, String kind, Map<String, Double> metrics, Map<String, String> config) {
        return RegistryEntries.candidate(v, kind, Fixtures.lineage(null, config), metrics, 1L, "t", "");
    }

    @Test
    void theMarginIsRelativeToProduction() {
        RegistryPolicy policy = RegistryPolicy.defaults();
        ModelRegistryEntry prod = version("p", "als", Map.of("als.ndcg", 0.1), Map.of());
        // 0.099 is exactly 1 % below: passes; 0.0989 does not
        assertTrue(Gate.evaluate(policy, version("c", "als", Map.of("als.ndcg", 0.099), Map.of()), prod).passed());
        Gate.Result below = Gate.evaluate(policy, version("c", "als", Map.of("als.ndcg", 0.0989), Map.of()), prod);
        assertFalse(below.passed());
        assertTrue(below.comparable());
        assertEquals(-0.011, below.relativeChange(), 1e-9);
        RegistryPolicy strict = policy.with(RegistryPolicy.GATE_MARGIN_CONFIG, "0");
        assertFalse(Gate.evaluate(strict, version("c", "als", Map.of("als.ndcg", 0.0999), Map.of()), prod).passed());
    }

    @Test
    void contextValuesCompareByValueNotSpelling() {
        RegistryPolicy policy = RegistryPolicy.defaults();
        // eval.k as a metric 10.0 on one side and as config "10" on the other; split.final false vs eval.final absent
        ModelRegistryEntry prod = version("p", "als", Map.of("als.ndcg", 0.1, "eval.k", 10.0), Map.of("split.final", "FALSE"));
        ModelRegistryEntry cand = version("c", "als", Map.of("als.ndcg", 0.1), Map.of("eval.k", "10", "split.final", "0"));
        Gate.Result r = Gate.evaluate(policy, cand, prod);
        assertTrue(r.comparable(), r.problems().toString());
        assertEquals(10.0, r.details().get("candidate.eval.k"));
    }

    @Test
    void aConfiguredFullMetricKeyAppliesToBothVersions() {
        RegistryPolicy recall = RegistryPolicy.defaults().with(RegistryPolicy.GATE_METRIC_CONFIG, "als.recall");
        assertEquals("als.recall", recall.metricKey("itemitem"));
        assertEquals("itemitem.ndcg", RegistryPolicy.defaults().metricKey("itemitem"));
        Gate.Result r = Gate.evaluate(recall, version("c", "itemitem", Map.of("als.recall", 0.2), Map.of()),
                version("p", "als", Map.of("als.recall", 0.1), Map.of()));
        assertTrue(r.passed());
        assertEquals(1.0, r.relativeChange(), 1e-12);
    }

    @Test
    void aProductionMetricOfZeroNeedsNoDivision() {
        Gate.Result r = Gate.evaluate(RegistryPolicy.defaults(), version("c", "als", Map.of("als.ndcg", 0.0), Map.of()),
                version("p", "als", Map.of("als.ndcg", 0.0), Map.of()));
        assertTrue(r.passed());
        assertNull(r.relativeChange());
    }

    @Test
    void badPolicyValuesNameTheirKey() {
        RegistryPolicy p = RegistryPolicy.defaults();
        assertEquals("gate.margin must be in [0, 1), got 1.5",
                assertThrows(IllegalArgumentException.class, () -> p.with(RegistryPolicy.GATE_MARGIN_CONFIG, "1.5")).getMessage());
        assertEquals("retention.keep.archived = 'x' is not a number",
                assertThrows(IllegalArgumentException.class, () -> p.with(RegistryPolicy.KEEP_ARCHIVED_CONFIG, "x")).getMessage());
        assertEquals("unknown policy key 'gate.nope'",
                assertThrows(IllegalArgumentException.class, () -> p.with("gate.nope", "1")).getMessage());
    }
}
