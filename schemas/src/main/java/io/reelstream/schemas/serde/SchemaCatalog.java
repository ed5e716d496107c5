package io.reelstream.schemas.serde;

import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ItemNeighbours;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.StageTransition;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.UserSeed;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A local, fixed stand-in for Confluent Schema Registry: every schema a producer of this project
 * may write, with the id that goes into the wire format.
 *
 * <p><b>Ids.</b> Each {@link Registration} is (id, subject, version, schema), with the subject
 * named by Confluent's default {@code TopicNameStrategy}, {@code <topic>-value}. Ids are fixed in
 * {@link #standard()} (never derived from the run), so every process agrees on them without a
 * server. An id is never reused: a new schema version gets a new id and the old registration stays,
 * so a reader built with the new version still finds the writer schema of old records and Avro
 * schema resolution fills added fields from their defaults.
 *
 * <p><b>Evolving a record</b> (e.g. adding a field with a default to Swipe): copy the current
 * {@code Swipe.avsc} to {@code src/main/resources/io/reelstream/schemas/history/Swipe.v1.avsc},
 * register it with {@link #parseResource} under its old id 1, edit {@code Swipe.avsc}, and register
 * the generated class's schema under the next free id, version 2. Keep changes backward and forward
 * compatible (add/remove fields that have defaults), as Schema Registry's default BACKWARD mode
 * would demand.
 *
 * <p><b>Mapping to Confluent Schema Registry.</b> The wire format is the registry's own: magic byte
 * 0, the 4-byte big-endian id, the Avro binary body. To move to a registry, register each schema of
 * {@link #registrations()} under its subject (the registry then assigns the ids; if they differ,
 * either import them with the registry in IMPORT mode to keep these ids, or build the catalog from
 * the registry's ids). Bytes written by {@link AvroSerdes} are then readable by Confluent's
 * {@code KafkaAvroDeserializer}, and bytes written by {@code KafkaAvroSerializer} are readable here
 * once their ids are registered in the catalog.
 */
public final class SchemaCatalog {

    /** One schema under one id, as a registry would hold it. */
    public record Registration(int id, String subject, int version, Schema schema) {
        public Registration {
            if (id < 0) throw new IllegalArgumentException("schema id must be >= 0, got " + id);
        }
    }

    public static final int SWIPE_V1_ID = 1;
    public static final int ITEM_EMBEDDING_V1_ID = 2;
    public static final int USER_SEED_V1_ID = 3;
    public static final int RECOMMENDATION_LIST_V1_ID = 4;
    public static final int DEAD_LETTER_V1_ID = 5;
    /** v2 adds the marker's kind, neighbourItems and settings (versioned keys, item-to-item models). */
    public static final int ITEM_EMBEDDING_V2_ID = 6;
    /** v2 adds modelKind, experimentId and arm. */
    public static final int RECOMMENDATION_LIST_V2_ID = 7;
    public static final int ITEM_NEIGHBOURS_V1_ID = 8;
    public static final int MODEL_REGISTRY_ENTRY_V1_ID = 9;
    public static final int STAGE_TRANSITION_V1_ID = 10;
    public static final int EXPERIMENT_V1_ID = 11;
    public static final int ONLINE_METRICS_V1_ID = 12;
    /** v2 adds reasonCode: the dead letter's reason as a stable code. */
    public static final int DEAD_LETTER_V2_ID = 13;

    private static final String HISTORY = "/io/reelstream/schemas/history/";

    private static final SchemaCatalog STANDARD = new SchemaCatalog(List.of(
            new Registration(SWIPE_V1_ID, subject(Topics.SWIPES_TOPIC), 1, Swipe.getClassSchema()),
            new Registration(ITEM_EMBEDDING_V1_ID, subject(Topics.ITEM_EMBEDDINGS_TOPIC), 1,
                    parseResource(HISTORY + "ItemEmbedding.v1.avsc")),
            new Registration(USER_SEED_V1_ID, subject(Topics.USER_SEEDS_TOPIC), 1, UserSeed.getClassSchema()),
            new Registration(RECOMMENDATION_LIST_V1_ID, subject(Topics.RECOMMENDATIONS_TOPIC), 1,
                    parseResource(HISTORY + "RecommendationList.v1.avsc")),
            new Registration(DEAD_LETTER_V1_ID, subject(Topics.SWIPES_DLQ_TOPIC), 1,
                    parseResource(HISTORY + "DeadLetter.v1.avsc")),
            new Registration(ITEM_EMBEDDING_V2_ID, subject(Topics.ITEM_EMBEDDINGS_TOPIC), 2, ItemEmbedding.getClassSchema()),
            new Registration(RECOMMENDATION_LIST_V2_ID, subject(Topics.RECOMMENDATIONS_TOPIC), 2,
                    RecommendationList.getClassSchema()),
            new Registration(ITEM_NEIGHBOURS_V1_ID, subject(Topics.ITEM_NEIGHBOURS_TOPIC), 1, ItemNeighbours.getClassSchema()),
            new Registration(MODEL_REGISTRY_ENTRY_V1_ID, subject(Topics.MODEL_REGISTRY_TOPIC), 1,
                    ModelRegistryEntry.getClassSchema()),
            new Registration(STAGE_TRANSITION_V1_ID, subject(Topics.MODEL_REGISTRY_AUDIT_TOPIC), 1,
                    StageTransition.getClassSchema()),
            new Registration(EXPERIMENT_V1_ID, subject(Topics.EXPERIMENTS_TOPIC), 1, Experiment.getClassSchema()),
            new Registration(ONLINE_METRICS_V1_ID, subject(Topics.ONLINE_METRICS_TOPIC), 1, OnlineMetrics.getClassSchema()),
            new Registration(DEAD_LETTER_V2_ID, subject(Topics.SWIPES_DLQ_TOPIC), 2, DeadLetter.getClassSchema())));

    private final Map<Integer, Registration> byId;
    /** Parsing-canonical-form fingerprint → id: equal schemas written differently share an id. */
    private final Map<Long, Integer> idByFingerprint;

    private SchemaCatalog(List<Registration> registrations) {
        Map<Integer, Registration> ids = new LinkedHashMap<>();
        Map<Long, Integer> fingerprints = new LinkedHashMap<>();
        for (Registration r : registrations) {
            Registration clash = ids.putIfAbsent(r.id(), r);
            if (clash != null) {
                throw new IllegalArgumentException("schema id " + r.id() + " registered twice: "
                        + clash.subject() + " v" + clash.version() + " and " + r.subject() + " v" + r.version());
            }
            // The first registration of a schema wins, so an identical re-registration keeps its old id.
            fingerprints.putIfAbsent(SchemaNormalization.parsingFingerprint64(r.schema()), r.id());
        }
        this.byId = Collections.unmodifiableMap(ids);
        this.idByFingerprint = Collections.unmodifiableMap(fingerprints);
    }

    /** The schemas of this release under their fixed ids. */
    public static SchemaCatalog standard() {
        return STANDARD;
    }

    /** This catalog plus one more registration (a new version, or a schema a test writes with). */
    public SchemaCatalog with(Registration registration) {
        List<Registration> all = new ArrayList<>(byId.values());
        all.add(registration);
        return new SchemaCatalog(all);
    }

    /** The id a writer puts in front of a record with this schema. */
    public int idOf(Schema schema) {
        Integer id = idByFingerprint.get(SchemaNormalization.parsingFingerprint64(schema));
        if (id == null) {
            throw new SerializationException("schema " + schema.getFullName() + " is not in the schema catalog"
                    + " (known ids: " + knownIds() + "); register it in SchemaCatalog.standard() with a new id");
        }
        return id;
    }

    /** The writer schema of records carrying {@code id}. */
    public Schema schemaOf(int id) {
        Registration r = byId.get(id);
        if (r == null) {
            throw new SerializationException("unknown schema id " + id + " (known ids: " + knownIds()
                    + "); the record was written with a schema this build does not know:"
                    + " a newer producer, or a registry-assigned id; add it to SchemaCatalog");
        }
        return r.schema();
    }

    public List<Registration> registrations() {
        return List.copyOf(byId.values());
    }

    /** Confluent's TopicNameStrategy subject for a topic's values. */
    public static String subject(String topic) {
        return topic + "-value";
    }

    /** Parses an .avsc from the class path, e.g. an old version kept for its registration. */
    public static Schema parseResource(String resource) {
        try (var in = SchemaCatalog.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("no schema resource " + resource + " on the class path");
            return new Schema.Parser().parse(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading schema resource " + resource, e);
        }
    }

    private String knownIds() {
        return byId.values().stream().map(r -> r.id() + "=" + r.schema().getName() + " v" + r.version())
                .collect(Collectors.joining(", "));
    }
}
