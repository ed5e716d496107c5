package io.reelstream.topology.process;

import io.reelstream.core.preference.Preference;
import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.HistoryEntry;
import io.reelstream.schemas.UserSeed;
import io.reelstream.topology.engine.RecommendationEngine;
import io.reelstream.topology.metrics.StreamMetrics;
import io.reelstream.topology.model.ModelLoader;
import io.reelstream.topology.state.UserState;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Starts trained users warm: a UserSeed (the trainer's factors and fitted history) is merged into
 * the user's state; no list is emitted (nothing happened from the user's side). A seed that cannot
 * be decoded goes to the dead-letter topic like a bad swipe. Tombstones are ignored: a user leaving
 * the model keeps their streamed state.
 */
final class UserSeedProcessor implements Processor<byte[], byte[], Object, Object> {
    private static final Logger log = LoggerFactory.getLogger(UserSeedProcessor.class);

    private final String userStore;
    private final String deadLetterSink;
    private final Deserializer<UserSeed> deserializer;
    private final ModelLoader models;
    private final RecommendationEngine engine;
    private final StreamMetrics metrics;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Integer, UserState> users;

    UserSeedProcessor(String userStore, String deadLetterSink, Deserializer<UserSeed> deserializer, ModelLoader models,
                      RecommendationEngine engine, StreamMetrics metrics) {
        this.userStore = userStore;
        this.deadLetterSink = deadLetterSink;
        this.deserializer = deserializer;
        this.models = models;
        this.engine = engine;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.users = context.getStateStore(userStore);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) return;
        UserSeed seed;
        try {
            seed = deserializer.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(""), record.value());
        } catch (SerializationException e) {
            reject(record, "value is not a UserSeed: " + e.getMessage());
            return;
        }
        byte[] key = record.key();
        int keyUser = key != null && key.length == 4
                ? ((key[0] & 0xff) << 24) | ((key[1] & 0xff) << 16) | ((key[2] & 0xff) << 8) | (key[3] & 0xff) : Integer.MIN_VALUE;
        if (keyUser != seed.getUserId()) {
            reject(record, "key must be the 4-byte int userId " + seed.getUserId());
            return;
        }
        List<HistoryEntry> history = seed.getHistory();
        int[] movies = new int[history.size()];
        int[] prefs = new int[history.size()];
        long[] times = new long[history.size()];
        for (int i = 0; i < movies.length; i++) {
            HistoryEntry h = history.get(i);
            if (!Preference.isValidPreference(h.getPreference())) {
                reject(record, "history entry " + i + " (movie " + h.getMovieId() + ") has preference "
                        + h.getPreference() + ", not one of -2, -1, +1, +2");
                return;
            }
            movies[i] = h.getMovieId();
            prefs[i] = h.getPreference();
            times[i] = h.getEventTime();
        }
        float[] factors = new float[seed.getFactors().size()];
        for (int a = 0; a < factors.length; a++) factors[a] = seed.getFactors().get(a);
        UserState state = users.get(seed.getUserId());
        if (state == null) state = new UserState(seed.getUserId());
        engine.applySeed(state, seed.getModelVersion(), factors, movies, prefs, times,
                models.holder().serving().assign(seed.getUserId()).model(), context.currentSystemTimeMs());
        users.put(seed.getUserId(), state);
        metrics.seedApplied();
    }

    private void reject(Record<byte[], byte[]> record, String reason) {
        DeadLetter letter = DeadLetters.of(context, record, StreamMetrics.BAD_SEED_CODE, reason);
        log.warn("user seed {} to dead letters: {}", DeadLetters.where(context), reason);
        context.forward(new Record<>((Object) record.key(), (Object) letter, record.timestamp()), deadLetterSink);
        metrics.seedRejected();
    }
}
