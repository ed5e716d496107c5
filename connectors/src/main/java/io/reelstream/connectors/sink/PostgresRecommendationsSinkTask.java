package io.reelstream.connectors.sink;

import io.reelstream.connectors.Version;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

/**
 * Writes each user's latest {@link RecommendationList} to PostgreSQL. One put() = one transaction:
 * the batch is reduced to the newest list per user, then upserted with a single JDBC batch. Values
 * arrive as the bytes on the topic (ByteArrayConverter) and are read with the schemas serde.
 *
 * <p>A value that does not deserialize is logged with topic/partition/offset, counted and skipped
 * (and sent to the errant-record reporter, i.e. the connector's DLQ, when errors.tolerance=all).
 * A transient database error (connection lost, deadlock, shutdown) becomes a RetriableException:
 * Connect redelivers the same batch after retry.backoff.ms, which the upsert makes harmless.
 */
public class PostgresRecommendationsSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(PostgresRecommendationsSinkTask.class);
    static final int VALID_CHECK_SECONDS = 5;

    private PostgresSinkConfig config;
    private RecommendationTable table;
    private Deserializer<RecommendationList> deserializer;
    private ErrantRecordReporter reporter;
    private Connection connection;
    private long skippedRecords;
    private long writtenRows;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new PostgresSinkConfig(props);
        table = new RecommendationTable(config.tableName());
        deserializer = AvroSerdes.serde(RecommendationList.class).deserializer();
        if ("all".equalsIgnoreCase(props.get("errors.tolerance"))) {
            try {
                reporter = context.errantRecordReporter();
            } catch (NoSuchMethodError | NoClassDefFoundError olderWorker) {
                reporter = null;
            }
        }
        try {
            connection = PostgresConnections.open(config);
            if (config.autoCreate()) table.createIfAbsent(connection);
        } catch (SQLException e) {
            throw new ConnectException("cannot open PostgreSQL at " + config.url() + " as user '" + config.user()
                    + "' or create table " + table.name() + ": " + e.getMessage() + " (SQLState " + e.getSQLState()
                    + "); check " + PostgresSinkConfig.CONNECTION_URL_CONFIG + ", "
                    + PostgresSinkConfig.CONNECTION_USER_CONFIG + " and " + PostgresSinkConfig.CONNECTION_PASSWORD_CONFIG, e);
        }
        log.info("writing recommendations to {} table {}", config.url(), table.name());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) return;
        LatestPerUser latest = new LatestPerUser();
        for (SinkRecord record : records) {
            RecommendationList list = decode(record);
            if (list != null) latest.offer(list);
        }
        if (latest.size() == 0) return;
        try {
            ensureConnection();
            writtenRows += table.upsert(connection, latest.lists());
        } catch (SQLException e) {
            closeQuietly();
            String where = "table " + table.name() + " at " + config.url() + " (" + records.size() + " records, "
                    + latest.size() + " users)";
            if (PostgresConnections.isTransient(e)) {
                log.warn("transient PostgreSQL error writing {}: {}; Connect retries in {} ms",
                        where, e.getMessage(), config.retryBackoffMs());
                context.timeout(config.retryBackoffMs());
                throw new RetriableException("transient PostgreSQL error writing " + where + ": " + e.getMessage(), e);
            }
            throw new ConnectException("writing " + where + " failed: " + e.getMessage() + " (SQLState "
                    + e.getSQLState() + ")", e);
        }
    }

    private RecommendationList decode(SinkRecord record) {
        Object value = record.value();
        if (value == null) {
            skip(record, "tombstone (null value): a deleted list is not removed from the table", null);
            return null;
        }
        if (!(value instanceof byte[] bytes)) {
            throw new ConnectException("value at " + where(record) + " is a " + value.getClass().getName()
                    + ", not bytes: set value.converter=org.apache.kafka.connect.converters.ByteArrayConverter"
                    + " on this connector so the schemas serde can read RecommendationList");
        }
        try {
            return deserializer.deserialize(record.topic(), bytes);
        } catch (RuntimeException e) {
            skip(record, "not a RecommendationList: " + e.getMessage(), e);
            return null;
        }
    }

    private void skip(SinkRecord record, String reason, Throwable cause) {
        skippedRecords++;
        log.warn("skipped record at {}: {} ({} skipped so far)", where(record), reason, skippedRecords);
        if (reporter != null && cause != null) reporter.report(record, cause);
    }

    private static String where(SinkRecord record) {
        return record.topic() + "/" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }

    private void ensureConnection() throws SQLException {
        if (connection == null || !connection.isValid(VALID_CHECK_SECONDS)) {
            closeQuietly();
            connection = PostgresConnections.open(config);
        }
    }

    private void closeQuietly() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing a broken PostgreSQL connection failed", e);
        }
        connection = null;
    }

    @Override
    public void stop() {
        log.info("recommendations sink stopping: {} rows written, {} records skipped", writtenRows, skippedRecords);
        closeQuietly();
    }

    long skippedRecords() {
        return skippedRecords;
    }
}
