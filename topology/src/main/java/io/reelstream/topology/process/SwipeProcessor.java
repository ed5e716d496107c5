package io.reelstream.topology.process;

import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.topology.engine.RecommendationEngine;
import io.reelstream.topology.metrics.StreamMetrics;
import io.reelstream.topology.model.ModelLoader;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.rank.RankedList;
import io.reelstream.topology.state.UserState;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One swipe in, one refreshed list out. Reads raw bytes so that every bad record — undecodable,
 * wrong key, out-of-range preference, unknown movie — goes to the dead-letter topic with its
 * reason and offset instead of stopping the stream. A good swipe updates the user's state in
 * RocksDB (history, seen filter, vector) and emits the user's top-N, scored against one model
 * snapshot whose version the list carries.
 */
final class SwipeProcessor implements Processor<byte[], byte[], Object, Object> {
    private static final Logger log = LoggerFactory.getLogger(SwipeProcessor.class);

    private final Names names;
    private final SwipeValidator validator;
    private final ModelLoader models;
    private final RecommendationEngine engine;
    private final StreamMetrics metrics;
    private final int listSize;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Integer, UserState> users;
    private KeyValueStore<Integer, byte[]> catalogue;

    /** Store and sink names this processor is wired to. */
    record Names(String userStore, String itemStore, String recommendationsSink, String deadLetterSink) {
    }

    SwipeProcessor(Names names, SwipeValidator validator, ModelLoader models, RecommendationEngine engine,
                   StreamMetrics metrics, int listSize) {
        this.names = names;
        this.validator = validator;
        this.models = models;
        this.engine = engine;
        this.metrics = metrics;
        this.listSize = listSize;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.users = context.getStateStore(names.userStore());
        this.catalogue = context.getStateStore(names.itemStore());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long t0 = System.nanoTime();
        ModelSnapshot model = models.holder().current();
        if (model == null) model = models.refresh(catalogue); // global restore finished before this thread started
        Object checked = validator.check(context.recordMetadata().map(m -> m.topic()).orElse(""), record.key(),
                record.value(), model);
        if (checked instanceof SwipeValidator.Invalid bad) {
            deadLetter(record, bad);
            return;
        }
        SwipeValidator.Valid swipe = (SwipeValidator.Valid) checked;
        long now = context.currentSystemTimeMs();
        UserState state = users.get(swipe.userId());
        if (state == null) state = new UserState(swipe.userId());
        RankedList list;
        try {
            engine.applySwipe(state, model, swipe.movieId(), swipe.movieRow(), swipe.preference(), swipe.eventTime(),
                    swipe.eventId(), now);
            list = engine.recommend(state, model, listSize);
        } catch (RuntimeException e) {
            // The maths failed on this user's data (e.g. a singular solve): park the swipe with the
            // reason rather than crash the thread and retry the same record forever. State untouched.
            log.error("swipe {} failed in the update/rank step", DeadLetters.where(context), e);
            deadLetter(record, new SwipeValidator.Invalid(StreamMetrics.DeadLetterReason.PROCESSING_ERROR,
                    "update/rank failed: " + e));
            return;
        }
        users.put(swipe.userId(), state);
        RecommendationList value = Records.toAvro(list, swipe.eventId(), now);
        context.forward(new Record<>((Object) swipe.userId(), (Object) value, record.timestamp()),
                names.recommendationsSink());
        metrics.recommendationEmitted(list.strategy().wireName());
        metrics.swipeProcessed(System.nanoTime() - t0);
    }

    private void deadLetter(Record<byte[], byte[]> record, SwipeValidator.Invalid bad) {
        DeadLetter letter = DeadLetters.of(context, record, bad.message());
        log.warn("swipe {} to dead letters ({}): {}", DeadLetters.where(context), bad.reason(), bad.message());
        context.forward(new Record<>((Object) record.key(), (Object) letter, record.timestamp()), names.deadLetterSink());
        metrics.deadLetter(bad.reason());
    }
}
