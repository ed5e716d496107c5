package io.reelstream.connectors.sink;

import org.postgresql.Driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections with the PostgreSQL driver class directly, not through DriverManager: under
 * Connect's plugin class loader DriverManager may not see a driver that only this plugin carries.
 */
public final class PostgresConnections {
    private PostgresConnections() {}

    public static Connection open(PostgresSinkConfig config) throws SQLException {
        Properties props = new Properties();
        if (!config.user().isEmpty()) props.setProperty("user", config.user());
        String password = config.password().value();
        if (password != null && !password.isEmpty()) props.setProperty("password", password);
        props.setProperty("connectTimeout", Integer.toString(config.connectTimeoutSeconds()));
        props.setProperty("loginTimeout", Integer.toString(config.connectTimeoutSeconds()));
        props.setProperty("ApplicationName", "reelstream-recommendations-sink");
        Connection connection = new Driver().connect(config.url(), props);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept URL " + config.url()
                    + "; it must start with jdbc:postgresql://", "08001");
        }
        return connection;
    }

    /** SQLState class 08 (connection exception) and 40 (transaction rollback, e.g. deadlock) are worth a retry. */
    public static boolean isTransient(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("57P"))) return true;
            if (s instanceof java.sql.SQLTransientException || s instanceof java.sql.SQLRecoverableException) return true;
        }
        return false;
    }
}
