package io.reelstream.topology.metrics;

import io.reelstream.core.itemitem.PrefixMemo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The topology's own counters for one instance, rendered as Prometheus text on /metrics. Recorded
 * from stream threads and REST threads alike (LongAdder: no locks on the hot path).
 */
public final class StreamMetrics {
    /**
     * Why a swipe went to the dead-letter topic: the label of reelstream_dead_letters_total and, as
     * {@link #code()}, the dead letter's reasonCode.
     */
    public enum DeadLetterReason {
        DESERIALIZATION, BAD_KEY, UNKNOWN_MOVIE, BAD_PREFERENCE, NO_MODEL, PROCESSING_ERROR,
        /** eventId empty or longer than {@code SwipeValidator.MAX_EVENT_ID_CHARS}. */
        BAD_EVENT_ID,
        /** eventTime before 1970 or more than {@code SwipeValidator.MAX_FUTURE_MS} ahead of the processing clock. */
        BAD_EVENT_TIME,
        /** The user already had a swipe with this eventId applied (a producer retry, a connector replay). */
        DUPLICATE_EVENT;

        /** "bad_key": the metric label and the dead letter's reasonCode. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** reasonCode of a rejected user seed (counted by reelstream_user_seeds_rejected_total). */
    public static final String BAD_SEED_CODE = "bad_seed";

    private final LongAdder swipesProcessed = new LongAdder();
    private final LongAdder recommendationsEmitted = new LongAdder();
    private final LongAdder seedsApplied = new LongAdder();
    private final LongAdder seedsRejected = new LongAdder();
    private final LongAdder vectorRebuilds = new LongAdder();
    private final LongAdder modelSwitches = new LongAdder();
    private final LongAdder modelRecordsRejected = new LongAdder();
    private final LongAdder peerEvictions = new LongAdder();
    private final Map<DeadLetterReason, LongAdder> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> restRequests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> strategies = new ConcurrentHashMap<>();
    private final LatencyHistogram swipeLatency = new LatencyHistogram();
    private final LatencyHistogram rankLatency = new LatencyHistogram();
    private final LatencyHistogram updateLatency = new LatencyHistogram();
    private volatile Supplier<String> modelVersion = () -> "";
    private volatile Supplier<Integer> modelItems = () -> 0;

    public void swipeProcessed(long nanos) {
        swipesProcessed.increment();
        swipeLatency.recordNanos(nanos);
    }

    public void recommendationEmitted(String strategy) {
        recommendationsEmitted.increment();
        strategies.computeIfAbsent(strategy, s -> new LongAdder()).increment();
    }

    public void rank(long nanos) { rankLatency.recordNanos(nanos); }
    public void update(long nanos) { updateLatency.recordNanos(nanos); }
    public void seedApplied() { seedsApplied.increment(); }
    public void seedRejected() { seedsRejected.increment(); }
    public void vectorRebuilt() { vectorRebuilds.increment(); }
    public void modelSwitched() { modelSwitches.increment(); }
    /** A record on a model, registry or experiment topic that could not be decoded (skipped). */
    public void modelRecordRejected() { modelRecordsRejected.increment(); }
    public long modelRecordsRejected() { return modelRecordsRejected.sum(); }

    /** A crashed peer evicted from the group by this instance (recovery.PeerWatch). */
    public void peerEvicted() { peerEvictions.increment(); }
    public long peerEvictions() { return peerEvictions.sum(); }

    public void deadLetter(DeadLetterReason reason) {
        deadLetters.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public void restRequest(String route) {
        restRequests.computeIfAbsent(route, r -> new LongAdder()).increment();
    }

    public void bindModel(Supplier<String> version, Supplier<Integer> items) {
        this.modelVersion = version;
        this.modelItems = items;
    }

    private volatile PrefixMemo prefixMemo;

    public long swipesProcessed() { return swipesProcessed.sum(); }
    public long recommendationsEmitted() { return recommendationsEmitted.sum(); }
    public long vectorRebuilds() { return vectorRebuilds.sum(); }
    public long seedsApplied() { return seedsApplied.sum(); }

    public long deadLetters() {
        return deadLetters.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long deadLetters(DeadLetterReason reason) {
        LongAdder a = deadLetters.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** Reports this memo's hits, misses and bytes in {@link #renderPrometheus()}. */
    public void reportPrefixMemo(PrefixMemo memo) {
        this.prefixMemo = memo;
    }

    /** The memo reported, or null. */
    public PrefixMemo prefixMemo() {
        return prefixMemo;
    }

    public LatencyHistogram rankLatency() { return rankLatency; }
    public LatencyHistogram swipeLatency() { return swipeLatency; }
    public LatencyHistogram updateLatency() { return updateLatency; }

    /** Prometheus text exposition format 0.0.4. */
    public String renderPrometheus() {
        StringBuilder out = new StringBuilder(4096);
        counter(out, "reelstream_swipes_processed_total", "Swipes that updated a user and produced a list.",
                swipesProcessed.sum());
        counter(out, "reelstream_recommendations_emitted_total", "Lists written to the recommendations topic.",
                recommendationsEmitted.sum());
        labelled(out, "reelstream_recommendations_by_strategy_total", "Lists by cold-start strategy.", "strategy",
                strategies);
        out.append("# HELP reelstream_dead_letters_total Records sent to the dead-letter topic, by reason.\n");
        out.append("# TYPE reelstream_dead_letters_total counter\n");
        for (DeadLetterReason r : DeadLetterReason.values()) {
            out.append("reelstream_dead_letters_total{reason=\"").append(r.code()).append("\"} ")
                    .append(deadLetters(r)).append('\n');
        }
        counter(out, "reelstream_user_seeds_applied_total", "Trainer user seeds written to user state.", seedsApplied.sum());
        counter(out, "reelstream_user_seeds_rejected_total", "User seeds that could not be decoded.", seedsRejected.sum());
        counter(out, "reelstream_vector_rebuilds_total", "User vectors rebuilt from history for a new model version.",
                vectorRebuilds.sum());
        counter(out, "reelstream_model_switches_total", "Production model switches on this instance.", modelSwitches.sum());
        counter(out, "reelstream_model_records_rejected_total",
                "Records on item-embeddings, item-neighbours, model-registry or experiments that could not be decoded.",
                modelRecordsRejected.sum());
        counter(out, "reelstream_peer_evictions_total",
                "Crashed peers this instance evicted from the group before their session expired.", peerEvictions.sum());
        labelled(out, "reelstream_rest_requests_total", "REST requests by route.", "route", restRequests);
        out.append("# HELP reelstream_model_info The model version this instance scores with.\n");
        out.append("# TYPE reelstream_model_info gauge\n");
        out.append("reelstream_model_info{version=\"").append(modelVersion.get()).append("\",items=\"")
                .append(modelItems.get()).append("\"} 1\n");
        PrefixMemo memo = prefixMemo;
        if (memo != null) {
            counter(out, "reelstream_itemitem_prefix_memo_hits_total",
                    "Item-to-item lists summed from a memo of the user's settled oldest swipes.", memo.hits());
            counter(out, "reelstream_itemitem_prefix_memo_misses_total",
                    "Item-to-item lists of users past the settled age with no usable memo (new, evicted or changed).",
                    memo.misses());
            out.append("# HELP reelstream_itemitem_prefix_memo_bytes Memory held by prefix memos (itemitem.prefix.memo.mb caps it).\n");
            out.append("# TYPE reelstream_itemitem_prefix_memo_bytes gauge\n");
            out.append("reelstream_itemitem_prefix_memo_bytes ").append(memo.usedBytes()).append('\n');
        }
        swipeLatency.render(out, "reelstream_swipe_latency_seconds", "Processing time of one swipe (decode to forward).");
        updateLatency.render(out, "reelstream_update_latency_seconds", "Time to update one user vector.");
        rankLatency.render(out, "reelstream_rank_latency_seconds", "Time to compute one top-N list.");
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void labelled(StringBuilder out, String name, String help, String label, Map<String, LongAdder> m) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        new TreeMap<>(m).forEach((k, v) -> out.append(name).append('{').append(label).append("=\"").append(k)
                .append("\"} ").append(v.sum()).append('\n'));
    }
}
