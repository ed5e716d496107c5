package io.reelstream.lifecycle.registry;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The configurable parts of the stage rules.
 *
 * @param gateMetric     the offline metric the promotion gate compares: a name such as {@code ndcg}
 *                       means {@code <kind>.ndcg} of each version's own serving kind; a dotted key
 *                       such as {@code als.recall} is used as is for both versions
 * @param gateMargin     how much worse, relative to production, a version may be and still pass
 *                       (0.01: down to 99 % of production's value)
 * @param comparableKeys evaluation-context keys that must be equal for two versions' offline
 *                       metrics to be comparable; each is looked up in offlineMetrics first, then in
 *                       lineage.config (the trainer's configuration)
 * @param keepArchived   how many versions of the rollback chain keep their rows (1: just the
 *                       rollback target); every other ARCHIVED version's rows are tombstoned
 */
public record RegistryPolicy(String gateMetric, double gateMargin, List<String> comparableKeys, int keepArchived) {
    public static final String GATE_METRIC_CONFIG = "gate.metric";
    public static final String DEFAULT_GATE_METRIC = "ndcg";
    public static final String GATE_MARGIN_CONFIG = "gate.margin";
    public static final double DEFAULT_GATE_MARGIN = 0.01;
    public static final String GATE_COMPARABLE_KEYS_CONFIG = "gate.comparable.keys";
    /**
     * Same cut-off K, same slice scored (eval.final / split.final: validation or test), same split
     * mode and the same core filter. The number of scored users is not among them: a retrained
     * version sees more data by design, and its scored users change with it.
     */
    public static final String DEFAULT_GATE_COMPARABLE_KEYS = "eval.k,eval.final,split.mode,split.final,filter.core.enabled";
    public static final String KEEP_ARCHIVED_CONFIG = "retention.keep.archived";
    public static final int DEFAULT_KEEP_ARCHIVED = 1;

    /** Every key with its default and meaning, for --help. */
    public static final List<String[]> KEYS = List.of(
            new String[] {GATE_METRIC_CONFIG, DEFAULT_GATE_METRIC, "gate metric: NAME means <kind>.NAME of each version; a dotted key as is"},
            new String[] {GATE_MARGIN_CONFIG, Double.toString(DEFAULT_GATE_MARGIN), "relative margin: pass when >= production x (1 - margin)"},
            new String[] {GATE_COMPARABLE_KEYS_CONFIG, DEFAULT_GATE_COMPARABLE_KEYS, "evaluation context that must match (offlineMetrics, lineage.config)"},
            new String[] {KEEP_ARCHIVED_CONFIG, Integer.toString(DEFAULT_KEEP_ARCHIVED), "rollback-chain versions that keep their rows"});

    public RegistryPolicy {
        if (gateMetric == null || gateMetric.isBlank()) throw new IllegalArgumentException(GATE_METRIC_CONFIG + " must not be empty");
        if (!(gateMargin >= 0 && gateMargin < 1)) {
            throw new IllegalArgumentException(GATE_MARGIN_CONFIG + " must be in [0, 1), got " + gateMargin);
        }
        comparableKeys = List.copyOf(comparableKeys);
        if (keepArchived < 0) throw new IllegalArgumentException(KEEP_ARCHIVED_CONFIG + " must be >= 0, got " + keepArchived);
    }

    public static RegistryPolicy defaults() {
        return new RegistryPolicy(DEFAULT_GATE_METRIC, DEFAULT_GATE_MARGIN, split(DEFAULT_GATE_COMPARABLE_KEYS), DEFAULT_KEEP_ARCHIVED);
    }

    public static boolean isKey(String key) {
        return KEYS.stream().anyMatch(k -> k[0].equals(key));
    }

    /** This policy with one key set; IllegalArgumentException naming the key for a bad value. */
    public RegistryPolicy with(String key, String value) {
        try {
            return switch (key) {
                case GATE_METRIC_CONFIG -> new RegistryPolicy(value.trim(), gateMargin, comparableKeys, keepArchived);
                case GATE_MARGIN_CONFIG -> new RegistryPolicy(gateMetric, Double.parseDouble(value.trim()), comparableKeys, keepArchived);
                case GATE_COMPARABLE_KEYS_CONFIG -> new RegistryPolicy(gateMetric, gateMargin, split(value), keepArchived);
                case KEEP_ARCHIVED_CONFIG -> new RegistryPolicy(gateMetric, gateMargin, comparableKeys, Integer.parseInt(value.trim()));
                default -> throw new IllegalArgumentException("unknown policy key '" + key + "'");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + value + "' is not a number");
        }
    }

    /** The offlineMetrics key the gate reads for a version of {@code kind}. */
    public String metricKey(String kind) {
        return gateMetric.contains(".") ? gateMetric : kind.toLowerCase(Locale.ROOT) + "." + gateMetric;
    }

    private static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
