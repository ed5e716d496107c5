/**
 * Avro serdes in Confluent's wire format without a registry server.
 *
 * <h2>Wire format</h2>
 * Every value is {@code [magic 0x00][schema id, int32 big-endian][Avro binary body]}, exactly what
 * Confluent's {@code KafkaAvroSerializer} writes. Keys are plain {@code int}s
 * ({@code Serdes.Integer()}), not Avro, so compaction and partitioning work on the raw id.
 *
 * <h2>Where the ids come from</h2>
 * Here: {@link io.reelstream.schemas.serde.SchemaCatalog#standard()}, a fixed table compiled into
 * this module (Swipe = 1, ItemEmbedding = 2, UserSeed = 3, RecommendationList = 4, DeadLetter = 5),
 * each under the subject Confluent's default TopicNameStrategy would use ({@code swipes-value}, ...).
 * The writer schema for every id is known locally, so a reader built with a newer version of a
 * record resolves older records with Avro schema resolution (added fields get their defaults), and
 * an older reader resolves newer records once their id is in its catalog.
 *
 * <h2>Moving to Confluent Schema Registry</h2>
 * <ol>
 *   <li>Register each schema of {@code SchemaCatalog.standard().registrations()} under its subject,
 *       e.g. {@code POST /subjects/swipes-value/versions} with the .avsc from {@code src/main/avro}.
 *       To keep our ids, put the registry (or the subject) in IMPORT mode and register with the
 *       explicit {@code id}; otherwise build the catalog from the ids the registry returns.</li>
 *   <li>Confluent's {@code KafkaAvroDeserializer} (with {@code specific.avro.reader=true}) then reads
 *       the bytes this serde wrote, and this serde reads bytes {@code KafkaAvroSerializer} wrote
 *       whose ids are in the catalog: the frame is the same.</li>
 *   <li>Set the subjects' compatibility to FULL (or at least BACKWARD) so every change is an
 *       added/removed field with a default, as {@code SchemaEvolutionTest} demonstrates.</li>
 * </ol>
 *
 * <h2>Errors</h2>
 * Malformed input throws {@link org.apache.kafka.common.errors.SerializationException} whose
 * message starts with the topic and names the fault: unknown magic byte, truncated header, unknown
 * schema id, body that does not decode with its writer schema, bytes left over. The topology routes
 * such records to {@code swipes-dlq} with that message as the reason.
 */
package io.reelstream.schemas.serde;
