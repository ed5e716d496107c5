package io.reelstream.connectors.source;

import io.reelstream.connectors.Version;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Replays one ratings file as swipes in (timestamp, userId, movieId) order.
 *
 * <p>Offsets: source partition {@code {file, slice}}, source offset {@code {position, eventId}} where
 * position is the index of the last emitted swipe in the {@link ReplayPlan}. A restarted task resumes
 * at position + 1. With the worker's {@code exactly.once.source.support=enabled} the offset is
 * committed in the same transaction as the records, so a restart neither repeats nor skips a swipe;
 * without it delivery is at-least-once (a crash between a write and the next offset flush repeats
 * those swipes) and consumers drop repeats by the deterministic eventId.
 */
public class MovieLensSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(MovieLensSourceTask.class);
    /** poll() never blocks longer than this, so stop() and rebalances are not held up. */
    static final long MAX_POLL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Once the replay is done, poll() idles this long per call. */
    static final long IDLE_WAIT_MILLIS = 1000;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private MovieLensSourceConfig config;
    private ReplayPlan plan;
    private SwipeRecords records;
    private ReplayPacer pacer;
    private int next;
    private boolean finishedLogged;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MovieLensSourceConfig(props);
        long t0 = System.nanoTime();
        RatingsReader.Result read;
        try {
            read = RatingsReader.read(config.file(), config.layout());
        } catch (IOException e) {
            throw new ConnectException("reading ratings file " + config.file() + " failed: " + e.getMessage()
                    + "; check the '" + MovieLensSourceConfig.FILE_CONFIG + "' path and the file's permissions", e);
        }
        plan = ReplayPlan.of(read.table(), config.slice());
        Map<String, String> partition = SwipeRecords.sourcePartition(config.file().toString(), config.slice());
        records = new SwipeRecords(plan, config.topic(), config.sourceName(), partition);
        pacer = new ReplayPacer(config.speedFactor(), config.maxSwipesPerSecond());
        next = resumePosition(context.offsetStorageReader().offset(partition));
        log.info("replaying {} ({} ratings read, {} malformed lines skipped, slice {}: {} swipes) to topic {} "
                        + "from position {}, speed factor {}, max {} swipes/s; prepared in {} ms",
                config.file(), read.table().size(), read.skippedLines(), config.slice().configName(), plan.size(),
                config.topic(), next, config.speedFactor(), config.maxSwipesPerSecond(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** The position after the stored one, after checking that the stored swipe is still at that position. */
    int resumePosition(Map<String, Object> offset) {
        if (offset == null || offset.get(SwipeRecords.POSITION_KEY) == null) return 0;
        long position = ((Number) offset.get(SwipeRecords.POSITION_KEY)).longValue();
        Object storedEventId = offset.get(SwipeRecords.EVENT_ID_KEY);
        if (position < 0 || position >= plan.size()
                || (storedEventId != null && !storedEventId.equals(plan.eventId((int) position)))) {
            throw new ConnectException("stored offset position " + position + " (swipe " + storedEventId
                    + ") does not match " + config.file() + " (slice " + config.slice().configName() + ", "
                    + plan.size() + " swipes): the file changed since the last run. Reset this connector's "
                    + "offsets (stop it, then DELETE /connectors/<name>/offsets) or create it under a new name.");
        }
        return (int) position + 1;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (next >= plan.size()) {
            if (!finishedLogged) {
                finishedLogged = true;
                log.info("replay of {} finished: all {} swipes of slice {} emitted",
                        config.file(), plan.size(), config.slice().configName());
            }
            stopped.await(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return null;
        }
        int batchSize = config.batchSize();
        List<SourceRecord> batch = new ArrayList<>(Math.min(batchSize, plan.size() - next));
        while (batch.size() < batchSize && next < plan.size() && stopped.getCount() > 0) {
            long now = System.nanoTime();
            long due = pacer.dueNanos(plan.eventTimeMillis(next), now);
            long wait = due - now;
            if (wait > 0) {
                if (!batch.isEmpty()) break; // hand over what is due; the rest waits for the next poll
                if (stopped.await(Math.min(wait, MAX_POLL_WAIT_NANOS), TimeUnit.NANOSECONDS)) break;
                if (due - System.nanoTime() > 0) break;
            }
            batch.add(records.record(next));
            pacer.emitted(due);
            next++;
        }
        return batch.isEmpty() ? null : batch;
    }

    @Override
    public void stop() {
        stopped.countDown();
    }
}
