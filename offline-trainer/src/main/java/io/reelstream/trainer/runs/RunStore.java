package io.reelstream.trainer.runs;

import io.reelstream.trainer.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs store: every run in one SQLite file (through the xerial JDBC driver), queryable with
 * the {@code runs} commands or any SQLite client:
 * <pre>
 *   run(id, kind, parent_id, trial_number, status, reason, started_at, duration_ms, model, data_dir,
 *       data_fingerprint, split, scored_slice, seed, code_version, artifact)
 *   param(run_id, key, value, origin)          one row per config key
 *   metric(run_id, key, step, value)           step NULL = final value, else e.g. the ALS iteration
 *   timing(run_id, stage, ms)
 * </pre>
 * The file carries an application id and a schema version, so a file that is not a runs store (or
 * not SQLite at all) fails at open with one line naming it. Writes are one transaction per run;
 * SQLite serialises writers from several processes (busy timeout 10 s). Not thread-safe: callers
 * that record from several threads synchronise on the store.
 */
public final class RunStore implements AutoCloseable {
    /** "RELS" in ASCII: marks the file as a reelstream runs store. */
    static final int APPLICATION_ID = 0x52454C53;
    static final int SCHEMA_VERSION = 1;

    private static final String[] SCHEMA = {
        """
        CREATE TABLE run (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL,
          parent_id INTEGER REFERENCES run(id),
          trial_number INTEGER,
          status TEXT NOT NULL,
          reason TEXT,
          started_at TEXT NOT NULL,
          duration_ms INTEGER NOT NULL,
          model TEXT,
          data_dir TEXT,
          data_fingerprint TEXT,
          split TEXT,
          scored_slice TEXT,
          seed INTEGER,
          code_version TEXT,
          artifact TEXT)""",
        "CREATE INDEX run_parent ON run(parent_id)",
        """
        CREATE TABLE param (
          run_id INTEGER NOT NULL REFERENCES run(id),
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          origin TEXT,
          PRIMARY KEY (run_id, key))""",
        """
        CREATE TABLE metric (
          run_id INTEGER NOT NULL REFERENCES run(id),
          key TEXT NOT NULL,
          step INTEGER,
          value REAL NOT NULL)""",
        "CREATE INDEX metric_run ON metric(run_id)",
        """
        CREATE TABLE timing (
          run_id INTEGER NOT NULL REFERENCES run(id),
          stage TEXT NOT NULL,
          ms INTEGER NOT NULL,
          PRIMARY KEY (run_id, stage))""",
    };

    private final Path file;
    private final Connection connection;

    private RunStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if missing) the store at file. A file that is not a runs store fails with a BadInputException. */
    public static RunStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new BadInputException("cannot create the directory of runs store " + file + ": " + e.getMessage(), e);
        }
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new BadInputException("cannot open runs store " + file + ": " + oneLine(e) + "; set runs.store to a writable file", e);
        }
        try {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
            }
            int applicationId = pragma(c, "application_id");
            int version = pragma(c, "user_version");
            boolean empty = tableCount(c) == 0;
            if (empty && applicationId == 0) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    for (String ddl : SCHEMA) s.execute(ddl);
                    s.execute("PRAGMA application_id = " + APPLICATION_ID);
                    s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                }
                c.commit();
                c.setAutoCommit(true);
            } else if (applicationId != APPLICATION_ID) {
                throw new BadInputException("runs store " + file + " is a SQLite database of something else (no reelstream runs"
                        + " tables); move it aside or set runs.store to another file");
            } else if (version != SCHEMA_VERSION) {
                throw new BadInputException("runs store " + file + " has schema version " + version + ", this trainer reads "
                        + SCHEMA_VERSION + "; set runs.store to another file");
            }
            return new RunStore(file, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new BadInputException("runs store " + file + " is not a usable SQLite database (" + oneLine(e)
                    + "); move it aside or set runs.store to another file", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Stores a run with its params, metrics and timings in one transaction; returns its id. */
    public long insert(RunRecord run) {
        try {
            connection.setAutoCommit(false);
            long id;
            try (PreparedStatement p = connection.prepareStatement("""
                    INSERT INTO run (kind, parent_id, trial_number, status, reason, started_at, duration_ms, model, data_dir,
                                     data_fingerprint, split, scored_slice, seed, code_version, artifact)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, run.kind());
                setLong(p, 2, run.parentId());
                setLong(p, 3, run.trialNumber() == null ? null : run.trialNumber().longValue());
                p.setString(4, run.status());
                p.setString(5, run.reason());
                p.setString(6, run.startedAt());
                p.setLong(7, run.durationMs());
                p.setString(8, run.model());
                p.setString(9, run.dataDir());
                p.setString(10, run.dataFingerprint());
                p.setString(11, run.split());
                p.setString(12, run.scoredSlice());
                setLong(p, 13, run.seed());
                p.setString(14, run.codeVersion());
                p.setString(15, run.artifact());
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            writeDetails(id, run.params(), run.metrics(), run.timingsMs());
            connection.commit();
            return id;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("record a " + run.kind() + " run", e);
        } finally {
            autoCommitQuietly();
        }
    }

    /** Ends a run inserted as running: its status, reason, duration, artifact and further metrics and timings. */
    public void finish(long id, String status, String reason, long durationMs, String artifact, List<RunRecord.Metric> metrics,
                       Map<String, Long> timingsMs) {
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement p = connection.prepareStatement(
                    "UPDATE run SET status = ?, reason = ?, duration_ms = ?, artifact = COALESCE(?, artifact) WHERE id = ?")) {
                p.setString(1, status);
                p.setString(2, reason);
                p.setLong(3, durationMs);
                p.setString(4, artifact);
                p.setLong(5, id);
                if (p.executeUpdate() != 1) throw new SQLException("no run " + id);
            }
            writeDetails(id, Map.of(), metrics, timingsMs);
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("finish run " + id, e);
        } finally {
            autoCommitQuietly();
        }
    }

    private void writeDetails(long id, Map<String, RunRecord.Param> params, List<RunRecord.Metric> metrics,
                              Map<String, Long> timings) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("INSERT OR REPLACE INTO param (run_id, key, value, origin) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, RunRecord.Param> e : params.entrySet()) {
                p.setLong(1, id);
                p.setString(2, e.getKey());
                p.setString(3, e.getValue().value());
                p.setString(4, e.getValue().origin());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO metric (run_id, key, step, value) VALUES (?, ?, ?, ?)")) {
            for (RunRecord.Metric m : metrics) {
                if (Double.isNaN(m.value())) continue; // SQLite stores NaN as NULL; a missing row says the same
                p.setLong(1, id);
                p.setString(2, m.key());
                setLong(p, 3, m.step() == null ? null : m.step().longValue());
                p.setDouble(4, m.value());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = connection.prepareStatement("INSERT OR REPLACE INTO timing (run_id, stage, ms) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Long> e : timings.entrySet()) {
                p.setLong(1, id);
                p.setString(2, e.getKey());
                p.setLong(3, e.getValue());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** One run with its params, metrics and timings. */
    public Optional<RunRecord> get(long id) {
        try {
            List<RunRecord> runs = query("WHERE id = ?", List.of(id), 1, true);
            return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
        } catch (SQLException e) {
            throw failure("read run " + id, e);
        }
    }

    /**
     * Runs newest first, with their final metrics (no params): all kinds, or one kind; a tune run's
     * trials only when parentId is given.
     */
    public List<RunRecord> list(String kind, Long parentId, int limit) {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (kind != null) {
            where.append(" AND kind = ?");
            args.add(kind);
        }
        if (parentId != null) {
            where.append(" AND parent_id = ?");
            args.add(parentId);
        }
        try {
            return query(where + " ORDER BY id DESC", args, limit, false);
        } catch (SQLException e) {
            throw failure("list runs", e);
        }
    }

    private List<RunRecord> query(String where, List<Object> args, int limit, boolean withParams) throws SQLException {
        List<RunRecord> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT id, kind, parent_id, trial_number, status, reason, started_at,"
                + " duration_ms, model, data_dir, data_fingerprint, split, scored_slice, seed, code_version, artifact FROM run "
                + where + (limit > 0 ? " LIMIT " + limit : ""))) {
            for (int i = 0; i < args.size(); i++) p.setObject(i + 1, args.get(i));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long id = r.getLong(1);
                    out.add(new RunRecord(id, r.getString(2), nullableLong(r, 3), nullableInt(r, 4), r.getString(5),
                            r.getString(6), r.getString(7), r.getLong(8), r.getString(9), r.getString(10), r.getString(11),
                            r.getString(12), r.getString(13), nullableLong(r, 14), r.getString(15), r.getString(16),
                            Map.of(), List.of(), Map.of()));
                }
            }
        }
        List<RunRecord> full = new ArrayList<>(out.size());
        for (RunRecord run : out) {
            full.add(new RunRecord(run.id(), run.kind(), run.parentId(), run.trialNumber(), run.status(), run.reason(),
                    run.startedAt(), run.durationMs(), run.model(), run.dataDir(), run.dataFingerprint(), run.split(),
                    run.scoredSlice(), run.seed(), run.codeVersion(), run.artifact(),
                    withParams ? params(run.id()) : Map.of(), metrics(run.id(), withParams), withParams ? timings(run.id()) : Map.of()));
        }
        return full;
    }

    private Map<String, RunRecord.Param> params(long id) throws SQLException {
        Map<String, RunRecord.Param> out = new LinkedHashMap<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT key, value, origin FROM param WHERE run_id = ? ORDER BY rowid")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.put(r.getString(1), new RunRecord.Param(r.getString(2), r.getString(3)));
            }
        }
        return out;
    }

    private List<RunRecord.Metric> metrics(long id, boolean withSteps) throws SQLException {
        List<RunRecord.Metric> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT key, step, value FROM metric WHERE run_id = ?"
                + (withSteps ? "" : " AND step IS NULL") + " ORDER BY rowid")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(new RunRecord.Metric(r.getString(1), nullableInt(r, 2), r.getDouble(3)));
            }
        }
        return out;
    }

    private Map<String, Long> timings(long id) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT stage, ms FROM timing WHERE run_id = ? ORDER BY rowid")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.put(r.getString(1), r.getLong(2));
            }
        }
        return out;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static int pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static int tableCount(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static void setLong(PreparedStatement p, int index, Long value) throws SQLException {
        if (value == null) p.setNull(index, Types.INTEGER);
        else p.setLong(index, value);
    }

    private static Long nullableLong(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }

    private static Integer nullableInt(ResultSet r, int column) throws SQLException {
        int v = r.getInt(column);
        return r.wasNull() ? null : v;
    }

    private BadInputException failure(String what, SQLException e) {
        return new BadInputException("runs store " + file + ": cannot " + what + ": " + oneLine(e), e);
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    private void autoCommitQuietly() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // next use reports the broken connection
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing left to do with a connection that will not close
        }
    }

    static String oneLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
