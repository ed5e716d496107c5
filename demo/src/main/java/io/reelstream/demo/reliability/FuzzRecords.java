package io.reelstream.demo.reliability;

import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.schemas.serde.SchemaCatalog;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The fuzz scenario's records: the slice's swipes on movies the model knows (each must get its list),
 * with malformed records of every {@link Kind} mixed in between, each planned with the dead-letter
 * reasonCode it must end up under. Deterministic for a seed.
 */
final class FuzzRecords {
    /** What a record is, and the reasonCode it must be dead-lettered with (null: it must get a list). */
    enum Kind {
        GOOD(null, "a slice swipe on a known movie"),
        UNKNOWN_USER(null, "a user id nobody has seen (cold start)"),
        LATE(null, "a swipe stamped long before the user's others (out of order)"),
        TRUNCATED_HEADER("deserialization", "0..4 bytes: less than the magic byte and schema id"),
        TRUNCATED_BODY("deserialization", "a valid swipe cut short"),
        TRAILING_BYTES("deserialization", "a valid swipe with bytes after it (oversized)"),
        HUGE_LENGTH("deserialization", "an Avro string length of 2^30 with a few bytes behind it"),
        WRONG_MAGIC("deserialization", "JSON instead of Confluent-framed Avro"),
        UNKNOWN_SCHEMA_ID("deserialization", "schema id 999"),
        OTHER_SCHEMA_ID("deserialization", "a swipe body under the DeadLetter schema's id"),
        WRONG_TYPE_USER("deserialization", "userId written as a string"),
        WRONG_TYPE_PREFERENCE("deserialization", "preference written as a string"),
        NULL_VALUE("deserialization", "a null value (tombstone)"),
        EMPTY_VALUE("deserialization", "an empty value"),
        NULL_KEY("bad_key", "a null key"),
        EMPTY_KEY("bad_key", "an empty key"),
        TEXT_KEY("bad_key", "a non-numeric key ('user-<id>')"),
        MISMATCHED_KEY("bad_key", "4 bytes of text as key: another user than the value's"),
        HUGE_PREFERENCE("bad_preference", "preference 2^31-1 or -10^6"),
        BAD_BUCKET("bad_preference", "bucket 99, no preference"),
        NO_PREFERENCE("bad_preference", "neither preference nor bucket"),
        UNKNOWN_MOVIE("unknown_movie", "a movie id the model does not know"),
        EMPTY_EVENT_ID("bad_event_id", "an empty eventId"),
        OVERSIZED_EVENT_ID("bad_event_id", "an eventId of 129 chars to 300 KB"),
        NEGATIVE_TIME("bad_event_time", "eventTime before 1970"),
        FUTURE_TIME("bad_event_time", "eventTime in the year 2500"),
        REPLAYED_EVENT_ID("duplicate_event", "an exact copy of a swipe applied just before");

        final String code;
        final String what;

        Kind(String code, String what) {
            this.code = code;
            this.what = what;
        }

        boolean good() {
            return code == null;
        }
    }

    /**
     * One planned record. {@code eventId} and {@code userId} identify a good record's list (and a
     * replay's original); {@code key} and {@code value} are the bytes as sent.
     */
    record Planned(Kind kind, byte[] key, byte[] value, String eventId, int userId) {}

    static final int UNKNOWN_USER_BASE = 50_000_000;
    private static final Serializer<Swipe> SWIPES = AvroSerdes.serde(Swipe.class).serializer();
    private static final IntegerSerializer INTS = new IntegerSerializer();
    private static final long YEAR_2500_MS = 16_725_225_600_000L;

    private FuzzRecords() {}

    /**
     * The slice's swipes on {@code knownMovies} in time order, with {@code bad} malformed records mixed
     * in (the kinds in turn, shuffled), plus unknown-user and out-of-order swipes among the good ones.
     */
    static List<Planned> plan(ReplaySlice slice, Set<Integer> knownMovies, int bad, long seed) {
        Random rnd = new Random(seed);
        List<Integer> good = new ArrayList<>();
        for (int i = 0; i < slice.size(); i++) if (knownMovies.contains(slice.movieId(i))) good.add(i);
        int[] movies = knownMovies.stream().mapToInt(Integer::intValue).sorted().toArray();
        Kind[] badKinds = Arrays.stream(Kind.values()).filter(k -> !k.good()).toArray(Kind[]::new);
        List<Kind> badPlan = new ArrayList<>();
        for (int i = 0; i < bad; i++) badPlan.add(badKinds[i % badKinds.length]);
        java.util.Collections.shuffle(badPlan, rnd);

        List<Planned> out = new ArrayList<>(good.size() + bad + good.size() / 10);
        List<Swipe> recent = new ArrayList<>(); // good swipes just sent: copies replay one of these
        int nextBad = 0;
        int extra = 0;
        for (int g = 0; g < good.size(); g++) {
            Swipe s = slice.swipe(good.get(g));
            out.add(goodRecord(Kind.GOOD, s));
            recent.add(s);
            if (recent.size() > 8) recent.remove(0);
            if (g % 20 == 5) { // a brand-new user, and a late swipe of this one
                int user = UNKNOWN_USER_BASE + extra;
                out.add(goodRecord(Kind.UNKNOWN_USER, swipe("fuzz-new-" + extra, user, movies[rnd.nextInt(movies.length)], 1,
                        System.currentTimeMillis())));
                out.add(goodRecord(Kind.LATE, swipe("fuzz-late-" + extra, s.getUserId(), movies[rnd.nextInt(movies.length)],
                        -1, 1000L * (1 + extra))));
                extra++;
            }
            // spread the bad records evenly over the good ones
            long due = (long) bad * (g + 1) / good.size();
            while (nextBad < due) {
                out.add(badRecord(badPlan.get(nextBad), nextBad, recent, movies, rnd));
                nextBad++;
            }
        }
        return out;
    }

    private static Planned goodRecord(Kind kind, Swipe s) {
        return new Planned(kind, INTS.serialize("swipes", s.getUserId()), SWIPES.serialize("swipes", s), s.getEventId(),
                s.getUserId());
    }

    private static Swipe swipe(String eventId, int user, int movie, int preference, long time) {
        return Swipe.newBuilder().setEventId(eventId).setUserId(user).setMovieId(movie).setPreference(preference)
                .setBucket(null).setEventTime(time).setSource("reliability-fuzz").build();
    }

    /** Malformed record number {@code n} of {@code kind}; every one carries a user of the slice's (or none). */
    static Planned badRecord(Kind kind, int n, List<Swipe> recent, int[] movies, Random rnd) {
        Swipe base = recent.get(recent.size() - 1);
        int user = base.getUserId();
        String id = "fuzz-bad-" + n;
        Swipe ok = swipe(id, user, movies[rnd.nextInt(movies.length)], 1, base.getEventTime());
        byte[] key = INTS.serialize("swipes", user);
        byte[] value = SWIPES.serialize("swipes", ok);
        switch (kind) {
            case TRUNCATED_HEADER -> value = Arrays.copyOf(value, rnd.nextInt(5));
            case TRUNCATED_BODY -> value = Arrays.copyOf(value, 5 + rnd.nextInt(value.length - 5));
            case TRAILING_BYTES -> {
                byte[] more = new byte[1 + rnd.nextInt(64)];
                rnd.nextBytes(more);
                byte[] v = Arrays.copyOf(value, value.length + more.length);
                System.arraycopy(more, 0, v, value.length, more.length);
                value = v;
            }
            case HUGE_LENGTH -> value = framed(SchemaCatalog.SWIPE_V1_ID, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80,
                    (byte) 0x80, 0x08, 'a', 'b', 'c'}); // zig-zag varint of 2^30: the eventId's length
            case WRONG_MAGIC -> value = ("{\"eventId\":\"" + id + "\",\"userId\":" + user + "}").getBytes(StandardCharsets.UTF_8);
            case UNKNOWN_SCHEMA_ID -> value = reframed(value, 999);
            case OTHER_SCHEMA_ID -> value = reframed(value, SchemaCatalog.DEAD_LETTER_V1_ID);
            case WRONG_TYPE_USER -> value = framed(SchemaCatalog.SWIPE_V1_ID, avro(withType("userId", Schema.Type.STRING),
                    ok, "userId", "abc"));
            case WRONG_TYPE_PREFERENCE -> value = framed(SchemaCatalog.SWIPE_V1_ID, avro(withType("preference",
                    Schema.Type.STRING), ok, "preference", "superlike"));
            case NULL_VALUE -> value = null;
            case EMPTY_VALUE -> value = new byte[0];
            case NULL_KEY -> key = null;
            case EMPTY_KEY -> key = new byte[0];
            case TEXT_KEY -> key = ("user-" + user).getBytes(StandardCharsets.UTF_8);
            case MISMATCHED_KEY -> key = "abcd".getBytes(StandardCharsets.US_ASCII);
            case HUGE_PREFERENCE -> value = SWIPES.serialize("swipes", Swipe.newBuilder(ok)
                    .setPreference(n % 2 == 0 ? Integer.MAX_VALUE : -1_000_000).build());
            case BAD_BUCKET -> value = SWIPES.serialize("swipes", Swipe.newBuilder(ok).setPreference(null).setBucket(99).build());
            case NO_PREFERENCE -> value = SWIPES.serialize("swipes", Swipe.newBuilder(ok).setPreference(null).setBucket(null).build());
            case UNKNOWN_MOVIE -> value = SWIPES.serialize("swipes", Swipe.newBuilder(ok)
                    .setMovieId(n % 2 == 0 ? 999_999_999 : -7).build());
            case EMPTY_EVENT_ID -> value = SWIPES.serialize("swipes", Swipe.newBuilder(ok).setEventId("").build());
            case OVERSIZED_EVENT_ID -> value = SWIPES.serialize("swipes", Swipe.newBuilder(ok)
                    .setEventId("x".repeat(n % 50 == 0 ? 300_000 : 129 + rnd.nextInt(4000))).build());
            case NEGATIVE_TIME -> value = SWIPES.serialize("swipes", Swipe.newBuilder(ok).setEventTime(-1L - rnd.nextInt(1000)).build());
            case FUTURE_TIME -> value = SWIPES.serialize("swipes", Swipe.newBuilder(ok).setEventTime(YEAR_2500_MS).build());
            case REPLAYED_EVENT_ID -> {
                Swipe original = recent.get(rnd.nextInt(recent.size()));
                return new Planned(kind, INTS.serialize("swipes", original.getUserId()), SWIPES.serialize("swipes", original),
                        original.getEventId(), original.getUserId());
            }
            default -> throw new IllegalArgumentException(kind + " is not a malformed kind");
        }
        return new Planned(kind, key, value, id, user);
    }

    /** Expected dead letters per reasonCode over a plan. */
    static Map<String, Long> expectedCodes(List<Planned> plan) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Planned p : plan) if (!p.kind().good()) out.merge(p.kind().code, 1L, Long::sum);
        return out;
    }

    /** Records per kind over a plan. */
    static Map<Kind, Long> kinds(List<Planned> plan) {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        for (Planned p : plan) out.merge(p.kind(), 1L, Long::sum);
        return out;
    }

    private static byte[] framed(int schemaId, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
    }

    private static byte[] reframed(byte[] value, int schemaId) {
        byte[] v = value.clone();
        ByteBuffer.wrap(v, 1, 4).putInt(schemaId);
        return v;
    }

    /** Swipe's schema with one field's type replaced (kept nullable when it was a union). */
    private static Schema withType(String field, Schema.Type type) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : Swipe.getClassSchema().getFields()) {
            Schema t = f.name().equals(field) ? Schema.create(type) : f.schema();
            fields.add(new Schema.Field(f.name(), t, null, (Object) null));
        }
        return Schema.createRecord("Swipe", null, "io.reelstream.fuzz", false, fields);
    }

    /** {@code swipe}'s fields written with {@code schema}, {@code field} set to {@code value}. */
    private static byte[] avro(Schema schema, Swipe swipe, String field, Object value) {
        GenericRecord r = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) r.put(f.name(), f.name().equals(field) ? value : swipe.get(f.name()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(r, enc);
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
