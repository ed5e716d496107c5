package io.reelstream.demo.eval;

import io.reelstream.demo.replay.HitTracker;
import io.reelstream.demo.replay.InitialLists;
import io.reelstream.demo.replay.ReplayConsumer;
import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.demo.replay.ReplayWait;
import io.reelstream.demo.rest.RestProbe;
import io.reelstream.demo.stack.KafkaStack;
import io.reelstream.demo.stack.TopologyStage;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.config.TopologyConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One update rule through the live topology: a fresh application id, state dir and set of topics
 * (swipes-&lt;rule&gt;, recommendations-&lt;rule&gt;, swipes-dlq-&lt;rule&gt;) against the already published
 * model; every user's initial list from REST before any swipe; then the whole slice produced in
 * time order, scored by {@link HitTracker} as the lists come back.
 */
public final class RuleReplay {
    private static final Logger log = LoggerFactory.getLogger(RuleReplay.class);

    /** One rule's outcome. */
    public record Result(String rule, HitTracker.Snapshot figures, ReplayConsumer.Accounting accounting,
                         int catalogueSize, double replaySeconds) {
        public double swipesPerSecond() {
            return figures.swipes() / Math.max(1e-9, replaySeconds);
        }
    }

    private RuleReplay() {}

    /**
     * @param run        the run's name (topic and application-id suffix, the report's row)
     * @param updateRule the topology's update.rule (ALS versions)
     */
    public static Result run(String run, String updateRule, KafkaStack kafka, ReplaySlice slice, int k,
                             Map<String, String> topologyOverrides, PrintStream out) throws Exception {
        String suffix = run.toLowerCase(Locale.ROOT);
        String swipes = "swipes-" + suffix;
        String recommendations = "recommendations-" + suffix;
        String deadLetters = "swipes-dlq-" + suffix;
        kafka.createReplayTopics(swipes, recommendations, deadLetters);

        Map<String, String> config = new LinkedHashMap<>(topologyOverrides);
        config.put(TopologyConfig.APPLICATION_ID_CONFIG, "replay-eval-" + suffix);
        config.put(TopologyConfig.UPDATE_RULE_CONFIG, updateRule);
        config.put(TopologyConfig.SWIPES_TOPIC_CONFIG, swipes);
        config.put(TopologyConfig.RECOMMENDATIONS_TOPIC_CONFIG, recommendations);
        config.put(TopologyConfig.SWIPES_DLQ_TOPIC_CONFIG, deadLetters);
        config.put(TopologyConfig.RECOMMENDATIONS_SIZE_CONFIG, Integer.toString(k));
        config.put(TopologyConfig.REST_PORT_CONFIG, "0");

        try (TopologyStage topology = TopologyStage.start(kafka.bootstrapServers(), kafka.admin(), config)) {
            RestProbe rest = new RestProbe(topology.restUrl());
            long t0 = System.nanoTime();
            HitTracker tracker = InitialLists.fetch(rest, slice.users(), k);
            log.info("rule {}: initial top-{} of {} users in {} ms", suffix, k, slice.users().size(),
                    (System.nanoTime() - t0) / 1_000_000);

            try (ReplayConsumer observer = new ReplayConsumer(kafka.bootstrapServers(),
                    new ReplayConsumer.Topics(swipes, recommendations, deadLetters), tracker)) {
                long start = System.nanoTime();
                produce(kafka.bootstrapServers(), swipes, slice);
                ReplayWait.await(observer, slice.size(), topology.catalogueSize(), String.format(Locale.ROOT, "%-8s", suffix),
                        out, ReplayWait.DEFAULT_STALL, () -> null);
                double seconds = (System.nanoTime() - start) / 1e9;
                return new Result(suffix, observer.snapshot(), observer.accounting(), topology.catalogueSize(), seconds);
            }
        }
    }

    /** Every swipe of the slice, in order, keyed by userId; idempotent so a retry cannot reorder or repeat. */
    static void produce(String bootstrapServers, String topic, ReplaySlice slice) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "replay-eval-producer");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<Integer, Swipe> producer = new KafkaProducer<>(p, new IntegerSerializer(),
                AvroSerdes.serde(Swipe.class).serializer())) {
            for (int i = 0; i < slice.size() && failure.get() == null; i++) {
                Swipe swipe = slice.swipe(i);
                producer.send(new ProducerRecord<>(topic, swipe.getUserId(), swipe), (md, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the replay to " + topic + " failed: " + failure.get(), failure.get());
        }
    }
}
