package io.reelstream.topology.process;

import io.reelstream.core.preference.Preference;
import io.reelstream.schemas.Swipe;
import io.reelstream.topology.metrics.StreamMetrics.DeadLetterReason;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.model.Serving;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes and checks one raw swipe record; a failure names the reason that goes into the
 * DeadLetter. Checks, in order: key is a 4-byte int; value decodes as a Swipe; key equals the
 * value's userId (state is partitioned by key); eventId is 1..{@value #MAX_EVENT_ID_CHARS} characters
 * (it identifies the swipe for deduplication and is kept in the user's state); eventTime is not before
 * 1970 nor more than {@link #MAX_FUTURE_MS} ahead of the processing clock (one swipe stamped in the
 * year 3000 would pin the user's newest time, so recency weighs every other swipe as ancient, and would
 * keep that movie's preference from ever changing); preference is one of −2, −1, +1, +2, or else bucket
 * is 1..4 (PROTOCOL.md's mapping); a model version serves the user (production, or the user's
 * experiment arm) and knows the movie.
 */
public final class SwipeValidator {
    /** Longest accepted eventId: UUIDs are 36, the MovieLens replay's ids ~25. */
    public static final int MAX_EVENT_ID_CHARS = 128;
    /** How far an eventTime may be ahead of the processing clock (producers' clock skew). */
    public static final long MAX_FUTURE_MS = 24L * 3600 * 1000;

    private final Deserializer<Swipe> deserializer;

    public SwipeValidator(Deserializer<Swipe> deserializer) {
        this.deserializer = deserializer;
    }

    /** A swipe that passed every check; preference already resolved from bucket if needed. */
    public record Valid(int userId, int movieId, int movieRow, int preference, long eventTime, String eventId,
                        Serving.Assignment assignment) {
        public ModelSnapshot model() {
            return assignment.model();
        }
    }

    /** Why a record is rejected. */
    public record Invalid(DeadLetterReason reason, String message) {
    }

    /** Either a {@link Valid} or an {@link Invalid}; {@code nowMs} is the processing clock (eventTime's bound). */
    public Object check(String topic, byte[] key, byte[] value, Serving serving, long nowMs) {
        if (key == null || key.length != 4) {
            return new Invalid(DeadLetterReason.BAD_KEY, "key must be the 4-byte int userId, got "
                    + (key == null ? "null" : key.length + " bytes"));
        }
        int keyUser = ((key[0] & 0xff) << 24) | ((key[1] & 0xff) << 16) | ((key[2] & 0xff) << 8) | (key[3] & 0xff);
        Swipe swipe;
        try {
            swipe = deserializer.deserialize(topic, value);
        } catch (SerializationException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return new Invalid(DeadLetterReason.DESERIALIZATION, "value is not a Swipe: " + e.getMessage());
        }
        if (swipe == null) return new Invalid(DeadLetterReason.DESERIALIZATION, "value is null (tombstone), not a Swipe");
        if (swipe.getUserId() != keyUser) {
            return new Invalid(DeadLetterReason.BAD_KEY, "key userId " + keyUser + " differs from value userId "
                    + swipe.getUserId() + "; key swipes by userId");
        }
        String eventId = swipe.getEventId();
        if (eventId.length() == 0 || eventId.length() > MAX_EVENT_ID_CHARS) {
            return new Invalid(DeadLetterReason.BAD_EVENT_ID, "eventId has " + eventId.length() + " characters; it must have"
                    + " 1.." + MAX_EVENT_ID_CHARS + " (a unique id of the swipe, e.g. a UUID)");
        }
        long eventTime = swipe.getEventTime();
        if (eventTime < 0 || eventTime > nowMs + MAX_FUTURE_MS) {
            return new Invalid(DeadLetterReason.BAD_EVENT_TIME, "eventTime " + eventTime + " is " + (eventTime < 0
                    ? "before 1970" : "more than " + MAX_FUTURE_MS / 3_600_000 + " h ahead of the processing clock ("
                    + nowMs + ")") + "; eventTime is epoch milliseconds UTC");
        }
        int preference;
        if (swipe.getPreference() != null) {
            preference = swipe.getPreference();
            if (!Preference.isValidPreference(preference)) {
                return new Invalid(DeadLetterReason.BAD_PREFERENCE, "preference " + preference
                        + " is not one of -2, -1, +1, +2");
            }
        } else if (swipe.getBucket() != null) {
            int bucket = swipe.getBucket();
            if (bucket < Preference.MIN_BUCKET || bucket > Preference.MAX_BUCKET) {
                return new Invalid(DeadLetterReason.BAD_PREFERENCE, "bucket " + bucket + " is not in 1..4");
            }
            preference = Preference.fromBucket(bucket);
        } else {
            return new Invalid(DeadLetterReason.BAD_PREFERENCE, "neither preference nor bucket is set");
        }
        Serving.Assignment assignment = serving.assign(swipe.getUserId());
        ModelSnapshot model = assignment.model();
        if (model == null) {
            String why = serving.notes().isEmpty() ? "no model published yet on item-embeddings; publish one (trainer"
                    + " 'publish')" : String.join("; ", serving.notes());
            return new Invalid(DeadLetterReason.NO_MODEL, "no model serves: " + why + "; then replay this dead letter");
        }
        int row = model.rowOf(swipe.getMovieId());
        if (row < 0) {
            return new Invalid(DeadLetterReason.UNKNOWN_MOVIE, "movie " + swipe.getMovieId() + " is not in model "
                    + model.version());
        }
        return new Valid(swipe.getUserId(), swipe.getMovieId(), row, preference, eventTime, eventId,
                assignment);
    }
}
