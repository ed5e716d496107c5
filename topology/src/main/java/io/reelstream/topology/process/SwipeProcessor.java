package io.reelstream.topology.process;

import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.topology.engine.RecommendationEngine;
import io.reelstream.topology.metrics.StreamMetrics;
import io.reelstream.topology.model.ModelLoader;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.model.Serving;
import io.reelstream.topology.online.SwipeJudgement;
import io.reelstream.topology.online.TaskCounts;
import io.reelstream.topology.rank.RankedList;
import io.reelstream.topology.state.UserState;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * One swipe in, one refreshed list out. Reads raw bytes so that every bad record — undecodable,
 * wrong key, out-of-range preference, unknown movie, an event id the user already had applied — goes
 * to the dead-letter topic with its reason and offset instead of stopping the stream. A good swipe updates the user's state in
 * RocksDB (history, seen filter, vector) and emits the user's top-N, scored against the one model
 * version that serves the user (production, or their arm of a running experiment), whose version,
 * kind and arm the list carries.
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
    private TaskCounts counts;

    /** Store and sink names this processor is wired to. */
    record Names(String userStore, String countsStore, String recommendationsSink, String deadLetterSink,
                 String partialsSink) {
    }

    private final Duration flushInterval;

    SwipeProcessor(Names names, SwipeValidator validator, ModelLoader models, RecommendationEngine engine,
                   StreamMetrics metrics, int listSize, Duration flushInterval) {
        this.flushInterval = flushInterval;
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
        this.counts = new TaskCounts(context.getStateStore(names.countsStore()), context.taskId().partition());
        // Online counts leave the task at most once per interval per scope; cumulative, so a late one only restates.
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> counts.flush((key, value) ->
                context.forward(new Record<>((Object) key, (Object) value, now), names.partialsSink())));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long t0 = System.nanoTime();
        Serving serving = models.holder().serving();
        if (serving.production() == null && !serving.hasExperiment()) serving = models.refresh();
        long now = context.currentSystemTimeMs();
        Object checked = validator.check(context.recordMetadata().map(m -> m.topic()).orElse(""), record.key(),
                record.value(), serving, now);
        if (checked instanceof SwipeValidator.Invalid bad) {
            deadLetter(record, bad);
            return;
        }
        SwipeValidator.Valid swipe = (SwipeValidator.Valid) checked;
        ModelSnapshot model = swipe.model();
        UserState state = users.get(swipe.userId());
        if (state == null) state = new UserState(swipe.userId());
        if (state.applied(swipe.eventId())) {
            // Delivered again (a producer retry, a connector replaying its last batch): applying it twice
            // would count it twice and, under the gradient rule, step the vector twice. Not dropped: parked.
            deadLetter(record, new SwipeValidator.Invalid(StreamMetrics.DeadLetterReason.DUPLICATE_EVENT, "event "
                    + swipe.eventId() + " was already applied to user " + swipe.userId() + " (one of their latest "
                    + UserState.RECENT_EVENT_IDS + " swipes); not applied again"));
            return;
        }
        // judged against the list shown before this swipe, in the scope that list was served under
        SwipeJudgement judgement = SwipeJudgement.judge(state, swipe.movieId(), swipe.preference());
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
        state.showList(list.movieIds(), swipe.assignment().scope());
        users.put(swipe.userId(), state);
        if (judgement != null) counts.count(judgement, versionOf(judgement.scope(), swipe.assignment()));
        RecommendationList value = Records.toAvro(list, swipe.assignment(), swipe.eventId(), now);
        context.forward(new Record<>((Object) swipe.userId(), (Object) value, record.timestamp()),
                names.recommendationsSink());
        metrics.recommendationEmitted(list.strategy().wireName());
        metrics.swipeProcessed(System.nanoTime() - t0);
    }

    /** The version a scope served: the user's current one if the scope is still theirs, else named by a version scope. */
    private static String versionOf(String scope, Serving.Assignment now) {
        if (scope.equals(now.scope())) return now.model().version();
        if (scope.startsWith(Serving.VERSION_SCOPE_PREFIX)) return scope.substring(Serving.VERSION_SCOPE_PREFIX.length());
        return "";
    }

    private void deadLetter(Record<byte[], byte[]> record, SwipeValidator.Invalid bad) {
        DeadLetter letter = DeadLetters.of(context, record, bad.reason().code(), bad.message());
        log.warn("swipe {} to dead letters ({}): {}", DeadLetters.where(context), bad.reason(), bad.message());
        context.forward(new Record<>((Object) record.key(), (Object) letter, record.timestamp()), names.deadLetterSink());
        metrics.deadLetter(bad.reason());
    }
}
