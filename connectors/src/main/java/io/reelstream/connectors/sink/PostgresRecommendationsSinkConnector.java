package io.reelstream.connectors.sink;

import io.reelstream.connectors.Version;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka Connect sink: the latest {@code RecommendationList} of each user from {@code recommendations}
 * into a PostgreSQL table (user_id primary key), idempotent and order-safe (see {@link RecommendationTable}).
 * Needs {@code value.converter=org.apache.kafka.connect.converters.ByteArrayConverter}.
 *
 * <p>{@link #validate} also opens a connection, so {@code PUT /connector-plugins/.../config/validate}
 * and connector creation report a wrong URL, user or password on the offending key.
 */
public class PostgresRecommendationsSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new PostgresSinkConfig(props);
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PostgresRecommendationsSinkTask.class;
    }

    /** Tasks split the topic's partitions; each writes its users' rows, and users never span partitions. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) configs.add(Map.copyOf(props));
        return configs;
    }

    @Override
    public void stop() {
        // nothing held: each task owns its connection
    }

    @Override
    public ConfigDef config() {
        return PostgresSinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        ConfigValue url = find(result, PostgresSinkConfig.CONNECTION_URL_CONFIG);
        boolean keysValid = result.configValues().stream()
                .filter(v -> v.name().startsWith("connection."))
                .allMatch(v -> v.errorMessages().isEmpty());
        if (url == null || !keysValid) return result;
        try (Connection ignored = PostgresConnections.open(new PostgresSinkConfig(connectorConfigs))) {
            return result;
        } catch (SQLException | RuntimeException e) {
            url.addErrorMessage("cannot connect to " + connectorConfigs.get(PostgresSinkConfig.CONNECTION_URL_CONFIG)
                    + ": " + e.getMessage() + "; check the URL (host, port, database), "
                    + PostgresSinkConfig.CONNECTION_USER_CONFIG + " and " + PostgresSinkConfig.CONNECTION_PASSWORD_CONFIG);
            return result;
        }
    }

    private static ConfigValue find(Config config, String name) {
        for (ConfigValue value : config.configValues()) {
            if (value.name().equals(name)) return value;
        }
        return null;
    }
}
