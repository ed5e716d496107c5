package io.reelstream.lifecycle.registry;

import io.reelstream.schemas.ModelLineage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Lineages, metrics and a fixed clock for the rule tests. */
public final class Fixtures {
    public static final Instant NOW = Instant.parse("2026-12-07T10:15:30Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Fixtures() {}

    /** A lineage evaluated on the default split: split.mode temporal, split.final false, eval.k 10. */
    public static ModelLineage lineage(String parent) {
        return lineage(parent, Map.of());
    }

    public static ModelLineage lineage(String parent, Map<String, String> configOverrides) {
        Map<String, String> config = new HashMap<>(Map.of("split.mode", "temporal", "split.final", "false",
                "eval.k", "10", "filter.core.enabled", "false", "als.factors", "64"));
        config.putAll(configOverrides);
        return ModelLineage.newBuilder().setParentVersion(parent).setDataFingerprint("ab12cd34")
                .setDataFrom(0L).setDataTo(1_000L).setTrainedAt(NOW.toEpochMilli()).setTrigger("manual")
                .setConfig(config).build();
    }

    /** Offline metrics of an ALS version: als.ndcg = ndcg, eval.k = 10. */
    public static Map<String, Double> als(double ndcg) {
        return Map.of("als.ndcg", ndcg, "als.recall", ndcg, "eval.k", 10.0, "eval.final", 0.0);
    }

    public static StageRules rules() {
        return new StageRules(RegistryPolicy.defaults(), CLOCK);
    }

    /** A registry holding {@code versions} as CANDIDATEs with ALS NDCG 0.09 each. */
    public static RegistryView candidates(StageRules rules, String... versions) {
        RegistryView view = RegistryView.empty();
        for (String v : versions) {
            view = view.apply(rules.register(view, v, "als", lineage(null), als(0.09), "publish", "trained"));
        }
        return view;
    }
}
