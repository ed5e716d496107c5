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
 * value's userId (state is partitioned by key); preference is one of −2, −1, +1, +2, or else bucket
 * is 1..4 (PROTOCOL.md's mapping); a model version serves the user (production, or the user's
 * experiment arm) and knows the movie.
 */
public final class SwipeValidator {
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

    /** Either a {@link Valid} or an {@link Invalid}. */
    public Object check(String topic, byte[] key, byte[] value, Serving serving) {
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
        return new Valid(swipe.getUserId(), swipe.getMovieId(), row, preference, swipe.getEventTime(),
                swipe.getEventId(), assignment);
    }
}
