package io.reelstream.connectors.sink;

import io.reelstream.schemas.RecommendationList;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The PostgreSQL table of each user's latest recommendation list, and its idempotent, order-safe upsert:
 * a row is replaced only by a list at least as new ({@code excluded.generated_at >= t.generated_at}),
 * so a redelivered or late older list never overwrites a newer one.
 */
public final class RecommendationTable {
    private final String table;

    public RecommendationTable(String table) {
        if (!PostgresSinkConfig.TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("not a plain table name: " + table);
        }
        this.table = table;
    }

    public String createSql() {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + "user_id INTEGER PRIMARY KEY, "
                + "model_version TEXT NOT NULL, "
                + "strategy TEXT NOT NULL, "
                + "items JSONB NOT NULL, "
                + "cause_event_id TEXT NOT NULL, "
                + "generated_at TIMESTAMPTZ NOT NULL, "
                + "updated_at TIMESTAMPTZ NOT NULL DEFAULT now())";
    }

    public String upsertSql() {
        return "INSERT INTO " + table + " AS t "
                + "(user_id, model_version, strategy, items, cause_event_id, generated_at, updated_at) "
                + "VALUES (?, ?, ?, CAST(? AS JSONB), ?, ?, now()) "
                + "ON CONFLICT (user_id) DO UPDATE SET "
                + "model_version = excluded.model_version, strategy = excluded.strategy, items = excluded.items, "
                + "cause_event_id = excluded.cause_event_id, generated_at = excluded.generated_at, updated_at = now() "
                + "WHERE excluded.generated_at >= t.generated_at";
    }

    public void createIfAbsent(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(createSql());
        }
    }

    /**
     * Upserts the lists in one transaction with one JDBC batch.
     *
     * @return rows inserted or replaced (a stale list counts 0)
     */
    public int upsert(Connection connection, List<RecommendationList> lists) throws SQLException {
        if (lists.isEmpty()) return 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(upsertSql())) {
            for (RecommendationList list : lists) {
                statement.setInt(1, list.getUserId());
                statement.setString(2, list.getModelVersion());
                statement.setString(3, list.getStrategy());
                statement.setString(4, ItemsJson.toJson(list.getItems()));
                statement.setString(5, list.getCauseEventId());
                statement.setObject(6, OffsetDateTime.ofInstant(Instant.ofEpochMilli(list.getGeneratedAt()), ZoneOffset.UTC));
                statement.addBatch();
            }
            int changed = 0;
            for (int count : statement.executeBatch()) {
                if (count > 0) changed += count;
            }
            connection.commit();
            return changed;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(autoCommit);
            } catch (SQLException ignored) {
                // the connection is broken; the task reconnects on the next put()
            }
        }
    }

    public String name() {
        return table;
    }
}
