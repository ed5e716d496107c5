package io.reelstream.topology;

import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ItemNeighbours;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelVersion;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic published model (movies 1..n, seeded Gaussian factors with a shared "popularity"
 * direction as ALS factors have, popularity rank = movieId, content neighbours = the next three
 * ids) written to item-embeddings in the publisher's order: every movie, then the marker. For the
 * integration tests (and the streaming benchmark in the bench module, through this module's test jar),
 * which must not depend on the trainer.
 */
public final class SyntheticCatalogue {
    private SyntheticCatalogue() {}

    public static List<ItemEmbedding> rows(String version, int n, int k, long seed) {
        Random rnd = new Random(seed);
        float[] common = new float[k];
        for (int a = 0; a < k; a++) common[a] = (float) (rnd.nextGaussian() * 0.2);
        List<ItemEmbedding> out = new ArrayList<>(n);
        for (int movie = 1; movie <= n; movie++) {
            double pop = 1.0 / Math.sqrt(movie); // popular movies have longer factors, as in ALS
            List<Float> factors = new ArrayList<>(k);
            for (int a = 0; a < k; a++) factors.add((float) (rnd.nextGaussian() * 0.15 + common[a] * pop * 5));
            out.add(row(version, movie, n, factors));
        }
        return out;
    }

    /**
     * One catalogue row of movie {@code movie} of {@code n} with these factors: title "Movie id",
     * popularity rank = movieId, content neighbours = the next three ids (wrapping).
     */
    public static ItemEmbedding row(String version, int movie, int n, List<Float> factors) {
        List<Integer> neighbours = new ArrayList<>(3);
        for (int d = 1; d <= 3; d++) neighbours.add((movie - 1 + d) % n + 1);
        return ItemEmbedding.newBuilder().setModelVersion(version).setMovieId(movie).setFactors(factors)
                .setTitle("Movie " + movie).setYear(1950 + movie % 70).setGenres(List.of("Drama"))
                .setPopularityScore(n - movie + 1.0).setPopularityRank(movie).setContentNeighbours(neighbours)
                .setMarker(null).build();
    }

    /**
     * An item-to-item model of the product's shape over these rows: each movie's M nearest movies by
     * cosine of their factors, weight = the cosine. A stand-in for an EASE model when measuring the
     * stream (a swipe's cost depends on |history|·M, not on the weights). O(n²·k), on every core.
     */
    public static List<ItemNeighbours> neighbours(String version, List<ItemEmbedding> rows, int m) {
        int n = rows.size();
        int k = rows.get(0).getFactors().size();
        float[] Y = new float[n * k];
        for (int r = 0; r < n; r++) {
            double norm = 0;
            for (int a = 0; a < k; a++) norm += (double) rows.get(r).getFactors().get(a) * rows.get(r).getFactors().get(a);
            float inv = norm == 0 ? 0f : (float) (1 / Math.sqrt(norm));
            for (int a = 0; a < k; a++) Y[r * k + a] = rows.get(r).getFactors().get(a) * inv;
        }
        ItemNeighbours[] out = new ItemNeighbours[n];
        java.util.stream.IntStream.range(0, n).parallel().forEach(r -> {
            io.reelstream.core.rank.TopK top = new io.reelstream.core.rank.TopK(Math.min(m, n - 1));
            float[] yr = java.util.Arrays.copyOfRange(Y, r * k, r * k + k);
            for (int j = 0; j < n; j++) {
                if (j != r) top.offer(j, io.reelstream.core.rank.Scoring.dot(Y, j * k, yr, k));
            }
            int[] best = new int[Math.min(m, n - 1)];
            float[] score = new float[best.length];
            int c = top.drainBestFirst(best.length, best, score);
            List<Integer> ids = new ArrayList<>(c);
            List<Float> weights = new ArrayList<>(c);
            for (int i = 0; i < c; i++) {
                ids.add(rows.get(best[i]).getMovieId());
                weights.add(score[i]);
            }
            out[r] = ItemNeighbours.newBuilder().setModelVersion(version).setMovieId(rows.get(r).getMovieId())
                    .setNeighbours(ids).setWeights(weights).build();
        });
        return List.of(out);
    }

    /** Writes the neighbour rows, the item rows, then an itemitem marker, and waits for every ack. */
    public static void publishItemItem(String bootstrapServers, String itemTopic, String neighbourTopic, String version,
                                       List<ItemEmbedding> rows, List<ItemNeighbours> neighbours, int k) {
        publishWithNeighbours(bootstrapServers, itemTopic, neighbourTopic, version, rows, neighbours, k, "itemitem", Map.of());
    }

    /** As {@link #publishItemItem}, as a version of {@code kind} (itemitem or blend) with these marker settings. */
    public static void publishWithNeighbours(String bootstrapServers, String itemTopic, String neighbourTopic, String version,
                                             List<ItemEmbedding> rows, List<ItemNeighbours> neighbours, int k, String kind,
                                             Map<String, String> settings) {
        try (Producer<String, ItemNeighbours> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10),
                Serdes.String().serializer(), AvroSerdes.serde(ItemNeighbours.class).serializer())) {
            for (ItemNeighbours row : neighbours) {
                producer.send(new ProducerRecord<>(neighbourTopic, ModelKeys.itemKey(version, row.getMovieId()), row));
            }
            producer.flush();
        }
        ModelVersion marker = ModelKeys.version(version, rows.size(), 0, k);
        marker.setKind(kind);
        marker.setNeighbourItems(neighbours.size());
        marker.setSettings(settings);
        publish(bootstrapServers, itemTopic, version, rows, marker);
    }

    /** Writes the rows then the marker, and waits for every ack. */
    public static void publish(String bootstrapServers, String topic, String version, List<ItemEmbedding> rows, int k) {
        publish(bootstrapServers, topic, version, rows, ModelKeys.version(version, rows.size(), 0, k));
    }

    private static void publish(String bootstrapServers, String topic, String version, List<ItemEmbedding> rows,
                                ModelVersion marker) {
        try (Producer<String, ItemEmbedding> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10),
                Serdes.String().serializer(), AvroSerdes.serde(ItemEmbedding.class).serializer())) {
            for (ItemEmbedding row : rows) {
                producer.send(new ProducerRecord<>(topic, ModelKeys.itemKey(version, row.getMovieId()), row));
            }
            producer.flush();
            producer.send(new ProducerRecord<>(topic, ModelKeys.markerKey(version), ModelKeys.markerRecord(marker)));
            producer.flush();
        }
    }
}
