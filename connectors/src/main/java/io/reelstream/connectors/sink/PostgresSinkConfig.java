package io.reelstream.connectors.sink;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.util.Map;
import java.util.regex.Pattern;

/** Every key of the recommendations → PostgreSQL sink, with type, default, validator and description. */
public final class PostgresSinkConfig extends AbstractConfig {
    public static final String CONNECTION_URL_CONFIG = "connection.url";
    public static final String CONNECTION_USER_CONFIG = "connection.user";
    public static final String DEFAULT_CONNECTION_USER = "";
    public static final String CONNECTION_PASSWORD_CONFIG = "connection.password";
    public static final String DEFAULT_CONNECTION_PASSWORD = "";
    public static final String TABLE_NAME_CONFIG = "table.name";
    public static final String DEFAULT_TABLE_NAME = "user_recommendations";
    public static final String AUTO_CREATE_CONFIG = "auto.create";
    public static final boolean DEFAULT_AUTO_CREATE = true;
    public static final String CONNECT_TIMEOUT_SECONDS_CONFIG = "connection.timeout.seconds";
    public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
    public static final long DEFAULT_RETRY_BACKOFF_MS = 2000;

    static final String JDBC_PREFIX = "jdbc:postgresql:";
    /** A plain or schema-qualified SQL identifier; quoted names are not supported. */
    static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(CONNECTION_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> {
                if (value == null || !value.toString().startsWith(JDBC_PREFIX)) {
                    throw new ConfigException(name, value, "must be a PostgreSQL JDBC URL such as "
                            + "jdbc:postgresql://postgres:5432/reelstream");
                }
            }, Importance.HIGH, "JDBC URL of the PostgreSQL database, e.g. jdbc:postgresql://postgres:5432/reelstream.")
            .define(CONNECTION_USER_CONFIG, Type.STRING, DEFAULT_CONNECTION_USER, Importance.HIGH,
                    "Database user (empty: taken from the URL or the driver's default).")
            .define(CONNECTION_PASSWORD_CONFIG, Type.PASSWORD, DEFAULT_CONNECTION_PASSWORD, Importance.HIGH,
                    "Database password (hidden in logs and the REST API).")
            .define(TABLE_NAME_CONFIG, Type.STRING, DEFAULT_TABLE_NAME, (name, value) -> {
                if (value == null || !TABLE_NAME.matcher(value.toString()).matches()) {
                    throw new ConfigException(name, value, "must be a table name like user_recommendations or "
                            + "app.user_recommendations (letters, digits, underscores)");
                }
            }, Importance.MEDIUM, "Table holding each user's latest list (user_id primary key).")
            .define(AUTO_CREATE_CONFIG, Type.BOOLEAN, DEFAULT_AUTO_CREATE, Importance.MEDIUM,
                    "Create the table at start if it does not exist.")
            .define(CONNECT_TIMEOUT_SECONDS_CONFIG, Type.INT, DEFAULT_CONNECT_TIMEOUT_SECONDS,
                    ConfigDef.Range.between(1, 600), Importance.LOW,
                    "How long opening a connection may take before the attempt fails.")
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, DEFAULT_RETRY_BACKOFF_MS, ConfigDef.Range.atLeast(0L),
                    Importance.LOW, "After a transient database error, how long Connect waits before redelivering the batch.");

    public PostgresSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public String url() {
        return getString(CONNECTION_URL_CONFIG);
    }

    public String user() {
        return getString(CONNECTION_USER_CONFIG);
    }

    public Password password() {
        return getPassword(CONNECTION_PASSWORD_CONFIG);
    }

    public String tableName() {
        return getString(TABLE_NAME_CONFIG);
    }

    public boolean autoCreate() {
        return getBoolean(AUTO_CREATE_CONFIG);
    }

    public int connectTimeoutSeconds() {
        return getInt(CONNECT_TIMEOUT_SECONDS_CONFIG);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS_CONFIG);
    }
}
