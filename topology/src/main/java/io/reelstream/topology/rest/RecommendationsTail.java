package io.reelstream.topology.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.model.CatalogItem;
import io.reelstream.topology.model.ModelHolder;
import io.reelstream.topology.model.ModelSnapshot;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every instance tails the whole {@code recommendations} topic and hands each list to its
 * {@link SseHub}, so a browser connected to any instance gets its user's lists whoever owns the
 * user. read_committed: only lists of committed (exactly-once) transactions, the lists the stream
 * really emitted. No consumer group: the consumer assigns itself every partition from the end, so
 * instances do not split the topic between them and a restart never replays old lists to browsers.
 */
public final class RecommendationsTail implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecommendationsTail.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<Integer, byte[]> consumer;
    private final String topic;
    private final SseHub hub;
    private final ModelHolder models;
    private final Deserializer<RecommendationList> lists = AvroSerdes.serde(RecommendationList.class).deserializer();
    private final Thread thread;
    private volatile boolean running = true;

    public RecommendationsTail(String bootstrapServers, String topic, String clientId, SseHub hub, ModelHolder models) {
        this.topic = topic;
        this.hub = hub;
        this.models = models;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.CLIENT_ID_CONFIG, clientId),
                Serdes.Integer().deserializer(), Serdes.ByteArray().deserializer());
        this.thread = new Thread(this::run, "reelstream-sse-tail");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            assignFromEnd();
            while (running) {
                for (ConsumerRecord<Integer, byte[]> r : consumer.poll(POLL)) forward(r);
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } catch (RuntimeException e) {
            log.error("recommendations tail for server-sent events stopped; browsers get no live lists", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Every partition of the topic, from its current end (waits while the topic has no metadata yet). */
    private void assignFromEnd() {
        List<TopicPartition> parts = new ArrayList<>();
        while (running && parts.isEmpty()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null) for (PartitionInfo p : infos) parts.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve "end" now: lists committed after start are all seen
        log.info("tailing {} partitions of {} for server-sent events", parts.size(), topic);
    }

    private void forward(ConsumerRecord<Integer, byte[]> r) {
        if (r.key() == null || r.value() == null) return;
        // Every list of the topic passes here; decoding and writing JSON for users with no open page was a
        // tenth of the process's CPU under load (JFR), so only watched users' lists are decoded.
        if (!hub.hasSubscriber(r.key())) return;
        RecommendationList list;
        try {
            list = lists.deserialize(topic, r.value());
        } catch (RuntimeException bad) {
            log.warn("{}-{}@{}: not a RecommendationList ({}); not sent to browsers", r.topic(), r.partition(),
                    r.offset(), bad.getMessage());
            return;
        }
        try {
            hub.publish(r.key(), "recommendations", list.getCauseEventId(), RestServer.JSON.writeValueAsBytes(event(list)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a list event as JSON", e);
        }
    }

    /** The list as the page shows it: titles from the version that scored it (or the serving one). */
    PageBeans.ListEvent event(RecommendationList list) {
        ModelSnapshot m = models.serving().version(list.getModelVersion());
        if (m == null) m = models.current();
        List<JsonBeans.Movie> items = new ArrayList<>(list.getItems().size());
        for (RankedMovie rm : list.getItems()) {
            int row = m == null ? -1 : m.rowOf(rm.getMovieId());
            CatalogItem item = row < 0 ? null : m.item(row);
            items.add(new JsonBeans.Movie(rm.getMovieId(), item == null ? null : item.title(),
                    item == null ? null : item.year(), item == null ? List.of() : item.genres(), rm.getScore(),
                    rm.getReason()));
        }
        return new PageBeans.ListEvent(list.getUserId(), list.getModelVersion(), list.getModelKind(),
                list.getStrategy(), list.getExperimentId(), list.getArm(), list.getCauseEventId(),
                list.getGeneratedAt(), items);
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            consumer.close(Duration.ofSeconds(2)); // never started: nothing polls it
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
